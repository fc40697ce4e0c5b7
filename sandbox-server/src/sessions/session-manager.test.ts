/** @module Session lifecycle: reaping, idleness, orphan sweeping, adoption after a restart and shutdown. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { silentLogger } from '../logger.ts'
import { FakeProvider } from '../sandbox/fake/index.ts'
import { newSessionId } from './credentials.ts'
import { SessionManager } from './session-manager.ts'
import { MemorySessionStore, type SessionStore } from './store.ts'

const IDLE_MS = 10_000

function manager(provider = new FakeProvider(), store: SessionStore = new MemorySessionStore()) {
  const clock = { now: 0 }
  const sessions = new SessionManager({
    store,
    provider,
    settings: { sessionTtlMs: 100_000, maxSessions: 10, idleTimeoutMs: IDLE_MS },
    logger: silentLogger,
    now: () => clock.now,
  })
  return { sessions, provider, store, clock }
}

/** A fake provider whose workstations finish starting only when the test says so. */
class GatedProvider extends FakeProvider {
  readonly #gates: (() => void)[] = []
  override async create(...args: Parameters<FakeProvider['create']>): ReturnType<FakeProvider['create']> {
    await new Promise<void>((resolve) => this.#gates.push(resolve))
    return super.create(...args)
  }
  openGates(): void {
    for (const open of this.#gates.splice(0)) open()
  }
  get waiting(): number {
    return this.#gates.length
  }
}

describe('SessionManager shutdown', () => {
  it('Should wait for sessions still starting, then refuse new ones, so the clean-up misses none', async () => {
    const provider = new GatedProvider()
    const { sessions } = manager(provider)
    const starting = sessions.create()
    for (let i = 0; i < 100 && provider.waiting === 0; i += 1) await new Promise((resolve) => setImmediate(resolve))
    let stopped = false
    const stopping = sessions.stopCreating().then(() => (stopped = true))
    await new Promise((resolve) => setImmediate(resolve))
    assert.equal(stopped, false, 'shutdown waits while a workstation is starting')
    provider.openGates()
    await stopping
    const { session } = await starting
    await sessions.destroyAll('shutdown')
    assert.deepEqual(provider.destroyed, [session.id], 'the late session is cleaned up too')
    await assert.rejects(sessions.create(), (error: Error & { code?: string; status?: number }) => {
      assert.equal(error.code, 'server_stopping')
      assert.equal(error.status, 503)
      return true
    })
  })
})

describe('SessionManager', () => {
  it('Should reap only expired sessions', async () => {
    const { sessions, provider, clock } = manager()
    const old = await sessions.create()
    clock.now = 50_000
    const young = await sessions.create()
    clock.now = 100_000
    assert.equal(await sessions.reapExpired(), 1)
    assert.deepEqual(provider.destroyed, [old.session.id])
    assert.ok(await sessions.find(young.session.id))
  })

  it('Should sweep sandboxes no session owns and keep the others', async () => {
    const { sessions, provider } = manager()
    const live = await sessions.create()
    const orphan = newSessionId()
    provider.addOrphan(orphan)
    assert.equal(await sessions.sweepOrphans(), 1)
    assert.deepEqual(provider.destroyed, [orphan])
    assert.ok(provider.sandboxes.has(live.session.id))
  })

  it('Should destroy every session when asked to (a cleaning shutdown)', async () => {
    const { sessions, provider } = manager()
    await sessions.create()
    await sessions.create()
    await sessions.destroyAll('shutdown')
    assert.equal(provider.destroyed.length, 2)
    assert.equal(provider.sandboxes.size, 0)
  })

  it('Should give the last place to one of two requests that arrive together', async () => {
    const provider = new FakeProvider()
    const sessions = new SessionManager({
      store: new MemorySessionStore(),
      provider,
      settings: { sessionTtlMs: 100_000, maxSessions: 1, idleTimeoutMs: 100_000 },
      logger: silentLogger,
    })
    const results = await Promise.allSettled([sessions.create(), sessions.create()])
    assert.deepEqual(results.map((result) => result.status).sort(), ['fulfilled', 'rejected'])
    assert.equal(provider.sandboxes.size, 1)
  })

  it('Should keep going when a sandbox cannot be removed', async () => {
    const { sessions, provider } = manager()
    const { session } = await sessions.create()
    provider.destroy = async () => {
      throw new Error('engine gone')
    }
    await sessions.destroy(session.id, 'deleted')
    assert.equal(await sessions.find(session.id), undefined)
  })
})

describe('SessionManager idle reaper', () => {
  it('Should destroy a session with no input and no running inner container', async () => {
    const { sessions, provider, clock } = manager()
    const quiet = await sessions.create()
    const typing = await sessions.create()
    clock.now = IDLE_MS - 1
    await sessions.touch(typing.session.id)
    clock.now = IDLE_MS
    assert.equal(await sessions.reapIdle(), 1)
    assert.deepEqual(provider.destroyed, [quiet.session.id])
  })

  it('Should keep a quiet session whose inner engine runs a container, and count that as activity', async () => {
    const { sessions, provider, store, clock } = manager()
    const { session } = await sessions.create()
    provider.sandboxes.get(session.id)!.containers.push({ name: 'web', image: 'nginx', running: true })
    clock.now = IDLE_MS
    assert.equal(await sessions.reapIdle(), 0)
    assert.equal((await store.get(session.id))?.lastActiveAt, IDLE_MS)
    provider.sandboxes.get(session.id)!.containers[0]!.running = false
    clock.now = 2 * IDLE_MS
    assert.equal(await sessions.reapIdle(), 1)
  })

  it('Should write activity at most every 30 s per session', async () => {
    const { sessions, store, clock } = manager()
    const { session } = await sessions.create()
    const writes: number[] = []
    const put = store.put.bind(store)
    store.put = async (next) => {
      writes.push(next.lastActiveAt)
      await put(next)
    }
    for (const at of [1_000, 2_000, 30_999, 31_000, 40_000]) {
      clock.now = at
      await sessions.touch(session.id)
    }
    assert.deepEqual(writes, [1_000, 31_000])
  })
})

describe('SessionManager.adopt (after a restart)', () => {
  it('Should keep running workstations, mark exited ones stopped and drop gone, expired and half-started ones', async () => {
    const provider = new FakeProvider()
    const store = new MemorySessionStore()
    const before = manager(provider, store)
    const expiring = await before.sessions.create()
    before.clock.now = 1_000
    const running = await before.sessions.create()
    const exited = await before.sessions.create()
    const gone = await before.sessions.create()
    const halfStarted = newSessionId()
    await store.put({ ...running.session, id: halfStarted, state: 'starting', handle: null })
    provider.addOrphan(halfStarted)
    const orphan = newSessionId()
    provider.addOrphan(orphan)
    provider.sandboxes.get(exited.session.id)!.running = false
    provider.sandboxes.delete(gone.session.id)

    const after = manager(provider, store)
    after.clock.now = expiring.session.expiresAt
    const report = await after.sessions.adopt()

    assert.deepEqual(report, { adopted: 1, stopped: 1, dropped: 3, orphans: 2 })
    assert.equal((await after.sessions.authenticate(running.session.id, running.token)).state, 'running')
    assert.equal((await store.get(exited.session.id))?.state, 'stopped')
    assert.equal(await store.get(gone.session.id), undefined)
    assert.equal(await store.get(halfStarted), undefined)
    assert.deepEqual([...provider.sandboxes.keys()].sort(), [running.session.id, exited.session.id].sort())
  })
})
