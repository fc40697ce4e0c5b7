/** @module The warm pool, through the session manager on the fake provider, and in `/healthz`. */
import assert from 'node:assert/strict'
import { setImmediate as tick } from 'node:timers/promises'
import { describe, it } from 'node:test'
import { SandboxError } from '../errors.ts'
import { silentLogger } from '../logger.ts'
import { healthRoutes } from '../routes/health.ts'
import { FakeProvider } from '../sandbox/fake/index.ts'
import { SessionManager } from './session-manager.ts'
import { MemorySessionStore } from './store.ts'

function pooled({ poolSize = 2, maxSessions = 10, workspaceFiles = {} } = {}) {
  const provider = new FakeProvider()
  const sessions = new SessionManager({
    store: new MemorySessionStore(),
    provider,
    settings: { sessionTtlMs: 100_000, maxSessions, idleTimeoutMs: 100_000 },
    logger: silentLogger,
    poolSize,
    workspaceFiles,
  })
  /** Resolves once no pooled workstation is starting any more. */
  const settled = async (): Promise<void> => {
    for (let i = 0; i < 1000 && (sessions.poolStatus()?.starting ?? 0) > 0; i += 1) await tick()
    await tick()
  }
  return { provider, sessions, settled }
}

describe('Warm pool boost (a class pre-warming)', () => {
  it('Should keep extra workstations ready for a class, and remove them when the class no longer needs them', async () => {
    const { provider, sessions, settled } = pooled({ poolSize: 1 })
    sessions.setWarmBoost(2)
    await settled()
    assert.deepEqual(sessions.poolStatus(), { ready: 3, starting: 0, target: 3 })
    sessions.setWarmBoost(0)
    await settled()
    assert.deepEqual(sessions.poolStatus(), { ready: 1, starting: 0, target: 1 })
    assert.equal(provider.sandboxes.size, 1, 'the two extra workstations are gone')
  })

  it('Should remove a workstation that finishes starting after the target fell', async () => {
    const { provider, sessions, settled } = pooled({ poolSize: 0 })
    sessions.setWarmBoost(1)
    sessions.setWarmBoost(0)
    await settled()
    assert.deepEqual(sessions.poolStatus(), { ready: 0, starting: 0, target: 0 })
    assert.equal(provider.sandboxes.size, 0)
  })
})

describe('Warm pool', () => {
  it('Should hand a started workstation to a new session and refill in the background', async () => {
    const { provider, sessions, settled } = pooled()
    await sessions.adopt()
    await settled()
    assert.deepEqual(sessions.poolStatus(), { ready: 2, starting: 0, target: 2 })
    const warmIds = [...provider.sandboxes.keys()]

    const { session } = await sessions.create()
    assert.ok(warmIds.includes(session.id), 'the session took a pooled workstation')
    assert.equal(session.handle?.sessionId, session.id)
    await settled()
    assert.equal(sessions.poolStatus()?.ready, 2)
    assert.equal(provider.sandboxes.size, 3)
  })

  it("Should give pooled and new workstations the lessons' files when they are created, and never again", async () => {
    const workspaceFiles = { 'lesson/README.md': '안녕\n' }
    const { provider, sessions, settled } = pooled({ poolSize: 1, workspaceFiles })
    await sessions.adopt()
    await settled()
    const warmIds = [...provider.sandboxes.keys()]
    const seeded = (sandboxes: FakeProvider, sessionId: string) => sandboxes.sandboxes.get(sessionId)?.workspace.get('lesson/README.md')
    const warm = (await sessions.create()).session
    assert.ok(warmIds.includes(warm.id))
    assert.equal(seeded(provider, warm.id)?.kind, 'file')
    const unpooled = pooled({ poolSize: 0, workspaceFiles })
    const cold = (await unpooled.sessions.create()).session
    assert.equal(seeded(unpooled.provider, cold.id)?.kind, 'file')

    provider.sandboxes.get(warm.id)!.workspace.set('lesson/README.md', { kind: 'file', content: Buffer.from('고침'), mtime: new Date() })
    await sessions.adopt()
    const kept = seeded(provider, warm.id)
    assert.equal(kept?.kind === 'file' && kept.content.toString(), '고침', "adoption leaves the learner's change")
  })

  it('Should never give one workstation to two sessions, even at once', async () => {
    const { provider, sessions, settled } = pooled()
    await sessions.adopt()
    await settled()
    const created = await Promise.all([sessions.create(), sessions.create(), sessions.create()])
    const handles = created.map(({ session }) => session.handle?.containerId)
    assert.equal(new Set(handles).size, 3)
    await settled()
    await sessions.destroy(created[0]!.session.id, 'deleted')
    assert.ok(!provider.sandboxes.has(created[0]!.session.id), 'a used workstation is removed, not pooled again')
  })

  it('Should count pooled workstations against capacity', async () => {
    const { provider, sessions, settled } = pooled({ poolSize: 2, maxSessions: 3 })
    await sessions.adopt()
    await settled()
    for (let i = 0; i < 3; i += 1) {
      await sessions.create()
      await settled()
      assert.ok(provider.sandboxes.size <= 3, `${provider.sandboxes.size} workstations for a capacity of 3`)
    }
    assert.equal(sessions.poolStatus()?.ready, 0)
    await assert.rejects(sessions.create(), (error) => error instanceof SandboxError && error.code === 'capacity_reached')
  })

  it('Should replace a pooled workstation that stopped while waiting', async () => {
    const { provider, sessions, settled } = pooled({ poolSize: 1 })
    await sessions.adopt()
    await settled()
    const [dead] = [...provider.sandboxes.keys()]
    provider.sandboxes.get(dead!)!.running = false
    const { session } = await sessions.create()
    assert.notEqual(session.id, dead)
    assert.deepEqual(provider.destroyed, [dead])
  })

  it('Should be left alone by the orphan sweep and removed when drained', async () => {
    const { provider, sessions, settled } = pooled()
    await sessions.adopt()
    await settled()
    assert.equal(await sessions.sweepOrphans(), 0)
    const { session } = await sessions.create()
    await settled()
    await sessions.drainPool()
    assert.deepEqual([...provider.sandboxes.keys()], [session.id])
    await sessions.create()
    assert.equal(sessions.poolStatus()?.ready, 0, 'a drained pool does not refill')
  })

  it('Should report the pool in /healthz', async () => {
    const { provider, sessions, settled } = pooled()
    await sessions.adopt()
    await settled()
    const app = healthRoutes({ provider, pingRegistry: async () => {}, logger: silentLogger, pool: () => sessions.poolStatus() })
    const body = (await (await app.request('/')).json()) as { pool: unknown }
    assert.deepEqual(body.pool, { ready: 2, starting: 0, target: 2 })
  })
})
