/**
 * @module The idle reaper on the real engine: a quiet session whose inner engine runs a container is
 * kept, and destroyed once nothing runs in it. Skipped when the workstation image is missing.
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import Dockerode from 'dockerode'
import { silentLogger } from '../logger.ts'
import { createDockerProvider } from '../sandbox/docker/index.ts'
import { readSettings } from '../settings.ts'
import { skipWithoutWorkstation } from '../testing/workstation-image.ts'
import { SessionManager } from './session-manager.ts'
import { MemorySessionStore } from './store.ts'

const hostDocker = new Dockerode()
const skip = await skipWithoutWorkstation(hostDocker)
const IDLE_MS = 60_000

describe('Idle reaper on the real engine', { skip }, () => {
  let socketRoot: string
  before(async () => {
    socketRoot = await mkdtemp(path.join(tmpdir(), 'classroom-idle-'))
  })
  after(async () => {
    await rm(socketRoot, { recursive: true, force: true })
  })

  it('Should keep a quiet session while an inner container runs, and reap it once none does', { timeout: 120_000 }, async () => {
    const settings = readSettings({ ...process.env, SOCKET_ROOT: socketRoot, IDLE_TIMEOUT_MS: String(IDLE_MS) })
    const provider = await createDockerProvider({ settings, logger: silentLogger })
    const clock = { now: Date.now() }
    const sessions = new SessionManager({ store: new MemorySessionStore(), provider, settings, logger: silentLogger, now: () => clock.now })
    const { session } = await sessions.create()
    try {
      const inner = provider.innerDocker(session.handle!)
      const pulled = await inner.pull('busybox:latest')
      await new Promise((resolve, reject) => inner.modem.followProgress(pulled, (error) => (error ? reject(error) : resolve(undefined))))
      const sleeper = await inner.createContainer({ Image: 'busybox:latest', Cmd: ['sleep', '3600'] })
      await sleeper.start()

      clock.now += IDLE_MS
      assert.equal(await sessions.reapIdle(), 0, 'a running inner container is activity')
      await sleeper.kill()

      clock.now += IDLE_MS
      assert.equal(await sessions.reapIdle(), 1)
      assert.equal(await sessions.find(session.id), undefined)
      const left = await hostDocker.listContainers({ all: true, filters: { name: [session.handle!.containerName] } })
      assert.deepEqual(left, [])
    } finally {
      await sessions.destroy(session.id, 'test over')
    }
  })
})
