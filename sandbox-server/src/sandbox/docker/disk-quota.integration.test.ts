/**
 * @module The disk quota on the real engine: in `loop` mode an inner container that writes past the
 * quota is refused by the filesystem, the host's image file stays within the quota, a second
 * provider on the same socket root (a restarted server) finds and measures the sandbox and removes
 * its filesystem; in `watch` mode the workstation's own files and the inner containers' layers are
 * measured. Skipped when the workstation image is missing.
 */
import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import Dockerode from 'dockerode'
import { silentLogger } from '../../logger.ts'
import { newSessionId } from '../../sessions/credentials.ts'
import { readSettings } from '../../settings.ts'
import { removeSocketRootLeftovers, runInWorkstation } from '../../testing/real-engine.ts'
import { skipWithoutWorkstation } from '../../testing/workstation-image.ts'
import type { SandboxProvider } from '../provider.ts'
import { createDockerProvider } from './create-docker-provider.ts'

const MiB = 1024 * 1024
const QUOTA_BYTES = 256 * MiB

const hostDocker = new Dockerode()
const skip = await skipWithoutWorkstation(hostDocker)
const socketRoots: string[] = []

after(async () => {
  for (const socketRoot of socketRoots) {
    await removeSocketRootLeftovers(hostDocker, socketRoot)
    await rm(socketRoot, { recursive: true, force: true })
  }
})

async function providerOn(socketRoot: string, mode: 'loop' | 'watch'): Promise<SandboxProvider> {
  const env = { ...process.env, SOCKET_ROOT: socketRoot, SANDBOX_DISK_QUOTA_BYTES: String(QUOTA_BYTES), DISK_QUOTA_MODE: mode }
  return createDockerProvider({ settings: readSettings(env), logger: silentLogger })
}

/** A sandbox started by a provider in `mode` on a socket root of its own. */
async function sandboxIn(mode: 'loop' | 'watch') {
  const socketRoot = await mkdtemp(path.join(tmpdir(), 'classroom-disk-'))
  socketRoots.push(socketRoot)
  const provider = await providerOn(socketRoot, mode)
  const sessionId = newSessionId()
  return { socketRoot, provider, sessionId, handle: await provider.create(sessionId) }
}

/** Mount points under `dir` in the host's mount table. */
async function mountsUnder(dir: string): Promise<string[]> {
  const table = await readFile('/proc/self/mountinfo', 'utf8')
  return table.split('\n').map((line) => line.split(' ')[4] ?? '').filter((mountPoint) => mountPoint.startsWith(dir))
}

describe('Disk quota on the real engine', { skip }, () => {
  it('Should refuse inner writes past the quota in loop mode and survive a new provider', { timeout: 180_000 }, async () => {
    const { socketRoot, provider, sessionId, handle } = await sandboxIn('loop')

    const before = await provider.diskUsage(handle)
    assert.equal(before.quotaBytes, QUOTA_BYTES)
    assert.equal(before.full, false)

    // 400 MiB into an inner container's layer: the inner engine's filesystem is only 256 MiB.
    const exitCode = await runInWorkstation(hostDocker, sessionId, ['docker', 'run', '--name', 'filler', 'busybox', 'dd', 'if=/dev/zero', 'of=/fill', 'bs=1M', 'count=400'])
    assert.notEqual(exitCode, 0, 'dd past the quota must fail')
    const filled = await provider.diskUsage(handle)
    assert.equal(filled.full, true, JSON.stringify(filled))
    assert.ok(filled.usedBytes <= QUOTA_BYTES + 16 * MiB, `used ${filled.usedBytes}`)
    const image = await stat(path.join(socketRoot, '.disks', `${sessionId}.ext4`))
    assert.ok(image.blocks * 512 <= QUOTA_BYTES, `the host holds ${image.blocks * 512} bytes for the image`)

    // A restarted server's provider finds the sandbox, measures it and frees the space it gives back.
    const restarted = await providerOn(socketRoot, 'loop')
    assert.ok((await restarted.listManaged()).some((managed) => managed.sessionId === sessionId))
    assert.equal(await runInWorkstation(hostDocker, sessionId, ['docker', 'rm', 'filler']), 0)
    const freed = await restarted.diskUsage(handle)
    assert.equal(freed.full, false, JSON.stringify(freed))
    assert.ok(freed.usedBytes < filled.usedBytes - 200 * MiB, `${freed.usedBytes} after removing the filler`)

    await restarted.destroy(handle)
    assert.deepEqual(await mountsUnder(socketRoot), [])
    assert.deepEqual(await readdir(socketRoot), [])
    assert.deepEqual(await restarted.listManaged(), [])
  })

  it('Should count the workstation\'s own files and inner layers in watch mode', { timeout: 120_000 }, async () => {
    const { provider, sessionId, handle } = await sandboxIn('watch')
    const before = await provider.diskUsage(handle)

    assert.equal(await runInWorkstation(hostDocker, sessionId, ['dd', 'if=/dev/zero', 'of=/root/fill', 'bs=1M', 'count=40']), 0)
    assert.equal(await runInWorkstation(hostDocker, sessionId, ['docker', 'run', '--name', 'inner-fill', 'busybox', 'dd', 'if=/dev/zero', 'of=/fill', 'bs=1M', 'count=30']), 0)
    const after = await provider.diskUsage(handle)
    assert.equal(after.full, false)
    assert.ok(after.usedBytes - before.usedBytes >= 70 * MiB, `grew by ${after.usedBytes - before.usedBytes}`)

    await provider.destroy(handle)
    assert.deepEqual(await provider.listManaged(), [])
  })
})
