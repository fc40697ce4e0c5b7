/**
 * @module The warm pool on the real engine: `POST /api/sessions` answers faster with a pool than
 * without (p50 over `WARM_POOL_RUNS` creations each, 3 by default), the pool refills, and a stopped
 * server leaves nothing labelled behind. Prints the timings. Skipped when the workstation image is
 * missing.
 */
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, it } from 'node:test'
import Dockerode from 'dockerode'
import { startServer, type RunningServer } from '../../e2e/support/server.ts'
import { skipWithoutWorkstation } from './testing/workstation-image.ts'

const hostDocker = new Dockerode()
const skip = await skipWithoutWorkstation(hostDocker)
const RUNS = Number(process.env.WARM_POOL_RUNS ?? 3)
const POOL_SIZE = 2

/** The pool as `/healthz` reports it. */
async function poolReady(server: RunningServer): Promise<number> {
  const body = (await (await fetch(`${server.baseUrl}/healthz`)).json()) as { pool: { ready: number } | null }
  return body.pool?.ready ?? 0
}

async function untilPoolReady(server: RunningServer, ready: number): Promise<void> {
  const deadline = Date.now() + 60_000
  while ((await poolReady(server)) < ready) {
    assert.ok(Date.now() < deadline, `the pool did not reach ${ready} ready workstations:\n${server.output()}`)
    await sleep(100)
  }
}

/** Milliseconds from POST to 201 for `RUNS` sessions, each deleted before the next; `before` runs ahead of each. */
async function creationTimes(server: RunningServer, before: () => Promise<void>): Promise<number[]> {
  const times: number[] = []
  const ids = new Set<string>()
  for (let i = 0; i < RUNS; i += 1) {
    await before()
    const startedAt = performance.now()
    const response = await fetch(`${server.baseUrl}/api/sessions`, { method: 'POST' })
    times.push(performance.now() - startedAt)
    assert.equal(response.status, 201, server.output())
    const { id, token } = (await response.json()) as { id: string; token: string }
    assert.ok(!ids.has(id))
    ids.add(id)
    const deleted = await fetch(`${server.baseUrl}/api/sessions/${id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } })
    assert.equal(deleted.status, 204)
  }
  return times
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

describe('Warm pool on the real engine', { skip }, () => {
  it('Should create sessions faster from the pool than cold, refill it, and remove it at shutdown', { timeout: 300_000 }, async () => {
    const env = { SESSION_CREATE_BURST: String(4 * RUNS), SESSION_CREATES_PER_MINUTE: '1000' }
    const cold = await startServer({ ...env, POOL_SIZE: '0' })
    let coldMs: number[]
    try {
      coldMs = await creationTimes(cold, async () => {})
    } finally {
      await cold.stop()
    }

    const warm = await startServer({ ...env, POOL_SIZE: String(POOL_SIZE) })
    let warmMs: number[]
    try {
      warmMs = await creationTimes(warm, () => untilPoolReady(warm, POOL_SIZE))
      await untilPoolReady(warm, POOL_SIZE)
    } finally {
      await warm.stop()
    }
    const filters = { label: [`org.docker-classroom.socket-root=${warm.socketRoot}`] }
    assert.deepEqual(await hostDocker.listContainers({ all: true, filters }), [], 'the pool is removed at shutdown')
    assert.deepEqual(await hostDocker.listNetworks({ filters }), [], "the pool's networks are removed at shutdown")

    const round = (values: number[]) => values.map(Math.round)
    console.log(JSON.stringify({ runs: RUNS, coldP50Ms: Math.round(median(coldMs)), warmP50Ms: Math.round(median(warmMs)), coldMs: round(coldMs), warmMs: round(warmMs) }))
    assert.ok(median(warmMs) < median(coldMs) / 2, `warm p50 ${median(warmMs)} ms, cold p50 ${median(coldMs)} ms`)
  })
})
