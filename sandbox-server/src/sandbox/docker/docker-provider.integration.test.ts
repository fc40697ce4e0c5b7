/**
 * @module The Docker provider on the real engine: the provider contract, plus what only a real
 * workstation shows (exit codes, UTF-8 output, time limits, resource limits). Skipped when the
 * catalog's workstation image is missing.
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import Dockerode from 'dockerode'
import { SandboxError } from '../../errors.ts'
import { silentLogger } from '../../logger.ts'
import { newSessionId } from '../../sessions/credentials.ts'
import { readSettings } from '../../settings.ts'
import { runProviderContract } from '../provider-contract.ts'
import { createDockerProvider } from './index.ts'
import type { DockerProvider } from './docker-provider.ts'
import { skipWithoutWorkstation } from '../../testing/workstation-image.ts'

const skipReason = await skipWithoutWorkstation()

describe('DockerProvider', { skip: skipReason }, () => {
  let socketRoot: string
  let provider: DockerProvider

  before(async () => {
    socketRoot = await mkdtemp(path.join(tmpdir(), 'classroom-provider-'))
    const settings = readSettings({ ...process.env, SOCKET_ROOT: socketRoot, EXEC_TIMEOUT_MS: '1500' })
    provider = await createDockerProvider({ settings, logger: silentLogger })
  })

  after(async () => {
    await rm(socketRoot, { recursive: true, force: true })
  })

  runProviderContract({ newProvider: () => provider })

  it('Should return exit codes, stderr and UTF-8 output of exec, and stop a program that runs too long', { timeout: 60_000 }, async () => {
    const handle = await provider.create(newSessionId())
    try {
      const korean = await provider.exec(handle, ['echo', '한글 $HOME ; true'])
      assert.deepEqual(korean, { exitCode: 0, stdout: '한글 $HOME ; true\n', stderr: '' }, 'argv reaches no shell')
      const failing = await provider.exec(handle, ['ls', '/no-such-dir'])
      assert.equal(failing.exitCode, 2)
      assert.match(failing.stderr, /No such file/)
      await assert.rejects(
        provider.exec(handle, ['sleep', '10']),
        (error) => error instanceof SandboxError && error.code === 'exec_timeout',
      )
    } finally {
      await provider.destroy(handle)
    }
  })

  it('Should refuse reading or writing through a symlink, and read files the learner made', { timeout: 60_000 }, async () => {
    const handle = await provider.create(newSessionId())
    const refused = (error: unknown) => error instanceof SandboxError && error.code === 'symlink_not_allowed'
    try {
      const made = await provider.exec(handle, [
        'sh',
        '-c',
        'mkdir -p /root/workspace/sub && printf "안녕\\n" > /root/workspace/sub/메모.txt && ln -s /etc /root/workspace/etc && ln -s /etc/passwd /root/workspace/pw',
      ])
      assert.equal(made.exitCode, 0, made.stderr)
      const memo = await provider.readWorkspace(handle, 'sub/메모.txt', 1024)
      assert.equal(memo.kind === 'file' && memo.content.toString('utf8'), '안녕\n')
      await assert.rejects(provider.readWorkspace(handle, 'etc/passwd', 1024 * 1024), refused)
      await assert.rejects(provider.readWorkspace(handle, 'pw', 1024 * 1024), refused)
      await assert.rejects(provider.readWorkspace(handle, 'etc', 1024 * 1024), refused)
      await assert.rejects(provider.writeWorkspaceFile(handle, 'etc/evil', Buffer.from('x')), refused)
      await assert.rejects(provider.writeWorkspaceFile(handle, 'pw', Buffer.from('x')), refused)
      assert.equal((await provider.exec(handle, ['test', '-e', '/etc/evil'])).exitCode, 1, 'nothing was written through the link')
      const listing = await provider.readWorkspace(handle, '', 1024)
      assert.deepEqual(
        listing.kind === 'directory' && listing.entries.map((entry) => [entry.name, entry.kind]),
        [['etc', 'symlink'], ['pw', 'symlink'], ['sub', 'directory']],
        'the listing shows links without following them, and not the folders below',
      )
    } finally {
      await provider.destroy(handle)
    }
  })

  it('Should list only the sandboxes of its own socket root', { timeout: 60_000 }, async () => {
    const otherRoot = await mkdtemp(path.join(tmpdir(), 'classroom-other-'))
    const other = await createDockerProvider({
      settings: readSettings({ ...process.env, SOCKET_ROOT: otherRoot, ISOLATION: provider.isolation }),
      logger: silentLogger,
    })
    const handle = await provider.create(newSessionId())
    try {
      assert.ok(!(await other.listManaged()).some((managed) => managed.sessionId === handle.sessionId))
    } finally {
      await provider.destroy(handle)
      await rm(otherRoot, { recursive: true, force: true })
    }
  })

  it('Should start workstations with the configured limits and labels', { timeout: 60_000 }, async () => {
    const handle = await provider.create(newSessionId())
    try {
      const details = await new Dockerode().getContainer(handle.containerId).inspect()
      assert.equal(details.Name, `/${handle.containerName}`)
      assert.equal(details.Config.Hostname, 'docker-classroom')
      assert.equal(details.HostConfig.Memory, 2 * 1024 ** 3)
      assert.equal(details.HostConfig.PidsLimit, 2048)
      assert.equal(details.HostConfig.NanoCpus, 1.5e9)
      assert.equal(details.Config.Labels['org.docker-classroom.session'], handle.sessionId)
      // The inner engine's storage: the named volume, or the loop-mounted filesystem of the disk quota.
      const innerStorage = details.Mounts.find((mount) => mount.Destination === '/var/lib/docker')
      assert.ok(innerStorage?.Name === handle.volumeName || innerStorage?.Source.endsWith(`/.disks/${handle.sessionId}`), JSON.stringify(innerStorage))
    } finally {
      await provider.destroy(handle)
    }
  })

  it('Should destroy a workstation in which the learner left a container paused', { timeout: 90_000 }, async () => {
    const handle = await provider.create(newSessionId())
    try {
      const inner = provider.innerDocker(handle)
      await new Promise<void>((resolve, reject) =>
        inner.pull('busybox', {}, (error: Error | null, stream?: NodeJS.ReadableStream) =>
          error || !stream ? reject(error) : inner.modem.followProgress(stream, (done: Error | null) => (done ? reject(done) : resolve())),
        ),
      )
      const napper = await inner.createContainer({ Image: 'busybox', Cmd: ['sleep', '600'] })
      await napper.start()
      await napper.pause()
    } finally {
      await provider.destroy(handle)
    }
    const left = await new Dockerode().getContainer(handle.containerId).inspect().then(() => true, () => false)
    assert.equal(left, false, 'the workstation is gone')
  })
})
