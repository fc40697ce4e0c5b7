/** @module Session lifecycle: reaping, orphan sweeping and shutdown. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { silentLogger } from '../logger.ts'
import { FakeProvider } from '../sandbox/fake/index.ts'
import { newSessionId } from './credentials.ts'
import { SessionManager } from './session-manager.ts'
import { MemorySessionStore } from './store.ts'

function manager(provider = new FakeProvider()) {
  const clock = { now: 0 }
  const sessions = new SessionManager({
    store: new MemorySessionStore(),
    provider,
    settings: { sessionTtlMs: 1000, maxSessions: 10 },
    logger: silentLogger,
    now: () => clock.now,
  })
  return { sessions, provider, clock }
}

describe('SessionManager', () => {
  it('Should reap only expired sessions', async () => {
    const { sessions, provider, clock } = manager()
    const old = await sessions.create()
    clock.now = 500
    const young = await sessions.create()
    clock.now = 1000
    assert.equal(await sessions.reapExpired(), 1)
    assert.deepEqual(provider.destroyed, [old.session.id])
    assert.ok(sessions.find(young.session.id))
  })

  it('Should sweep sandboxes no session owns and keep the others', async () => {
    const { sessions, provider } = await manager()
    const live = await sessions.create()
    const orphan = newSessionId()
    provider.addOrphan(orphan)
    assert.equal(await sessions.sweepOrphans(), 1)
    assert.deepEqual(provider.destroyed, [orphan])
    assert.ok(provider.sandboxes.has(live.session.id))
  })

  it('Should destroy every session at shutdown', async () => {
    const { sessions, provider } = manager()
    await sessions.create()
    await sessions.create()
    await sessions.destroyAll('shutdown')
    assert.equal(provider.destroyed.length, 2)
    assert.equal(provider.sandboxes.size, 0)
  })

  it('Should keep going when a sandbox cannot be removed', async () => {
    const { sessions, provider } = manager()
    const { session } = await sessions.create()
    provider.destroy = async () => {
      throw new Error('engine gone')
    }
    await sessions.destroy(session.id, 'deleted')
    assert.equal(sessions.find(session.id), undefined)
  })
})
