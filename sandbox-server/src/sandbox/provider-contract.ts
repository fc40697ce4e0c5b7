/**
 * @module The behaviour every SandboxProvider must have, as one test suite: run it against the
 * fake in unit tests and against the Docker provider wherever an engine answers, so the fake
 * cannot drift from the real thing.
 */
import assert from 'node:assert/strict'
import { it } from 'node:test'
import { newSessionId } from '../sessions/credentials.ts'
import type { SandboxProvider } from './provider.ts'

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

  it('Should destroy idempotently and then report the sandbox gone', { timeout: timeoutMs }, async () => {
    const provider = await newProvider()
    const handle = await provider.create(newSessionId())
    await provider.destroy(handle)
    await provider.destroy(handle)
    assert.notEqual(await provider.poll(handle), null)
    assert.ok(!(await provider.listManaged()).some((managed) => managed.sessionId === handle.sessionId))
  })
}
