/**
 * @module The behaviour every SandboxProvider must have, as one test suite: run it against the
 * fake in unit tests and against the Docker provider wherever an engine answers, so the fake
 * cannot drift from the real thing.
 */
import assert from 'node:assert/strict'
import { it } from 'node:test'
import { SandboxError } from '../errors.ts'
import { newSessionId } from '../sessions/credentials.ts'
import type { SandboxHandle, SandboxProvider } from './provider.ts'

export interface ProviderContractOptions {
  /** A fresh provider for each test. */
  newProvider: () => Promise<SandboxProvider> | SandboxProvider
  /** Per-test time limit; real workstations take a second or so. */
  timeoutMs?: number
}

/** Registers the contract's tests in the current `describe`. */
export function runProviderContract({ newProvider, timeoutMs = 30_000 }: ProviderContractOptions): void {
  it('Should create a running sandbox whose inner engine answers', { timeout: timeoutMs }, async () => {
    const provider = await newProvider()
    const sessionId = newSessionId()
    const handle = await provider.create(sessionId)
    try {
      assert.equal(handle.sessionId, sessionId)
      assert.deepEqual(JSON.parse(JSON.stringify(handle)), handle, 'the handle is plain JSON')
      assert.equal(await provider.poll(handle), null)
      await provider.innerDocker(handle).ping()
      assert.ok((await provider.listManaged()).some((managed) => managed.sessionId === sessionId))
    } finally {
      await provider.destroy(handle)
    }
  })

  it('Should run argv in the sandbox and report the exit code', { timeout: timeoutMs }, async () => {
    const provider = await newProvider()
    const handle = await provider.create(newSessionId())
    try {
      assert.equal((await provider.exec(handle, ['true'])).exitCode, 0)
    } finally {
      await provider.destroy(handle)
    }
  })

  it('Should open a terminal that echoes its input', { timeout: timeoutMs }, async () => {
    const provider = await newProvider()
    const handle = await provider.create(newSessionId())
    try {
      const { stream, resize } = await provider.openTerminal(handle, { cols: 100, rows: 30 })
      await resize({ cols: 120, rows: 40 })
      const seen = new Promise<void>((resolve) => {
        let output = Buffer.alloc(0)
        stream.on('data', (chunk: Buffer) => {
          output = Buffer.concat([output, chunk])
          if (output.includes(Buffer.from('계약'))) resolve()
        })
      })
      stream.write(Buffer.from('echo 계약\r'))
      await seen
      stream.destroy()
    } finally {
      await provider.destroy(handle)
    }
  })

  /** Runs `body` on a fresh sandbox and destroys it afterwards. */
  async function withSandbox(body: (provider: SandboxProvider, handle: SandboxHandle) => Promise<void>): Promise<void> {
    const provider = await newProvider()
    const handle = await provider.create(newSessionId())
    try {
      await body(provider, handle)
    } finally {
      await provider.destroy(handle)
    }
  }

  const failsWith = (code: string) => (error: unknown) => error instanceof SandboxError && error.code === code

  it('Should start a sandbox with the given files in its lesson folder', { timeout: timeoutMs }, async () => {
    const provider = await newProvider()
    const handle = await provider.create(newSessionId(), { 'lesson/Dockerfile': 'FROM debian\n', 'lesson/앱/app.py': "print('안녕')\n" })
    try {
      const folder = await provider.readWorkspace(handle, 'lesson', 1024)
      assert.deepEqual(folder.kind === 'directory' && folder.entries.map(({ name, kind }) => [name, kind]), [
        ['Dockerfile', 'file'],
        ['앱', 'directory'],
      ])
      const file = await provider.readWorkspace(handle, 'lesson/앱/app.py', 1024)
      assert.equal(file.kind === 'file' && file.content.toString('utf8'), "print('안녕')\n")
    } finally {
      await provider.destroy(handle)
    }
  })

  it('Should write a UTF-8 file in the lesson folder, read it back and list it', { timeout: timeoutMs }, () =>
    withSandbox(async (provider, handle) => {
      const content = Buffer.from('<h1>안녕, 도커!</h1>\n')
      await provider.writeWorkspaceFile(handle, '인사.html', content)
      const file = await provider.readWorkspace(handle, '인사.html', 1024)
      assert.equal(file.kind, 'file')
      assert.deepEqual(file.kind === 'file' && file.content, content)
      const folder = await provider.readWorkspace(handle, '', 1024)
      assert.equal(folder.kind, 'directory')
      const entry = folder.kind === 'directory' ? folder.entries.find((candidate) => candidate.name === '인사.html') : undefined
      assert.deepEqual(entry && { kind: entry.kind, size: entry.size }, { kind: 'file', size: content.length })
      await assert.rejects(provider.readWorkspace(handle, '인사.html', 4), failsWith('file_too_large'))
    }),
  )

  it('Should refuse missing files, missing folders and writing over a folder', { timeout: timeoutMs }, () =>
    withSandbox(async (provider, handle) => {
      await assert.rejects(provider.readWorkspace(handle, 'no-such-file', 1024), failsWith('file_not_found'))
      await assert.rejects(provider.readWorkspace(handle, 'no/such/file', 1024), failsWith('file_not_found'))
      await assert.rejects(provider.writeWorkspaceFile(handle, 'no-dir/a.txt', Buffer.from('a')), failsWith('directory_not_found'))
      await assert.rejects(provider.writeWorkspaceFile(handle, '', Buffer.from('a')), failsWith('is_directory'))
    }),
  )

  it('Should snapshot an empty inner engine with no published ports', { timeout: timeoutMs }, () =>
    withSandbox(async (provider, handle) => {
      assert.deepEqual((await provider.engineSnapshot(handle)).containers, [])
      assert.deepEqual(await provider.publishedPorts(handle), [])
      assert.match(await provider.previewHost(handle), /^[0-9.]+$/)
    }),
  )

  it('Should end an engine event stream when its signal aborts', { timeout: timeoutMs }, () =>
    withSandbox(async (provider, handle) => {
      const abort = new AbortController()
      const drained = (async () => {
        for await (const _event of provider.engineEvents(handle, abort.signal));
      })()
      setTimeout(() => abort.abort(), 100)
      await drained
    }),
  )

  it('Should end an engine event stream when the sandbox is destroyed', { timeout: timeoutMs }, async () => {
    const provider = await newProvider()
    const handle = await provider.create(newSessionId())
    const drained = (async () => {
      for await (const _event of provider.engineEvents(handle, new AbortController().signal));
    })()
    setTimeout(() => void provider.destroy(handle), 100)
    await drained
  })

  it('Should destroy idempotently and then report the sandbox gone', { timeout: timeoutMs }, async () => {
    const provider = await newProvider()
    const handle = await provider.create(newSessionId())
    await provider.destroy(handle)
    await provider.destroy(handle)
    assert.notEqual(await provider.poll(handle), null)
    assert.ok(!(await provider.listManaged()).some((managed) => managed.sessionId === handle.sessionId))
  })
}
