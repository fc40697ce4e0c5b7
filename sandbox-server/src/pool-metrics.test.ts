/** @module The warm pool's and isolation's series in the metrics registry, on the fake provider. */
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, it } from 'node:test'
import { silentLogger } from './logger.ts'
import { createMetrics } from './metrics.ts'
import { FakeProvider } from './sandbox/fake/index.ts'
import { SessionManager } from './sessions/session-manager.ts'
import { MemorySessionStore } from './sessions/store.ts'

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

describe('Pool and isolation metrics', () => {
  it('Should report the pool ready and target, time its refills and count sessions by isolation', async () => {
    const provider = new FakeProvider({ isolation: 'privileged' })
    const metrics = createMetrics({
      activeSessions: () => sessions.count(),
      pool: () => sessions.poolStatus(),
      isolation: provider.isolation,
    })
    const sessions = new SessionManager({
      store: new MemorySessionStore(),
      provider,
      settings: { sessionTtlMs: 100_000, maxSessions: 10, idleTimeoutMs: 100_000 },
      logger: silentLogger,
      poolSize: 2,
      onPoolWorkstationStarted: (seconds) => metrics.poolRefillSeconds.observe(seconds),
    })
    await sessions.adopt()
    for (let waited = 0; sessions.poolStatus()?.ready !== 2 && waited < 100; waited++) await sleep(10)
    await sessions.create()

    let text = await metrics.registry.metrics()
    assert.equal(sample(text, 'classroom_pool_target'), 2)
    assert.equal(sample(text, 'classroom_sessions_by_isolation{isolation="privileged"}'), 1)
    for (let waited = 0; sessions.poolStatus()?.ready !== 2 && waited < 100; waited++) await sleep(10)
    text = await metrics.registry.metrics()
    assert.equal(sample(text, 'classroom_pool_ready'), 2)
    assert.equal(sample(text, 'classroom_pool_refill_seconds_count'), 3, 'two to fill the pool, one to refill it')
    await sessions.drainPool()
  })
})
