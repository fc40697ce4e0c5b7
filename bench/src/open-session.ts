/**
 * @module Opening sessions one after another and timing each up to its first prompt, with the
 * server's warm pool (when `/healthz` reports one) either full before every open or absent.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { Learner, type BenchServer, type OpenTimings } from './learner.ts'

const POOL_REFILL_TIMEOUT_MS = 60_000
const POOL_POLL_MS = 100

/** What `/healthz` says about the warm pool. */
export interface PoolStatus {
  /** Workstations ready to hand out. */
  ready: number
  /** Workstations being started. */
  starting: number
  /** How many it keeps ready. */
  target: number
}

/** The server's warm pool, or undefined when its `/healthz` names none. */
export async function poolStatus(baseUrl: string): Promise<PoolStatus | undefined> {
  const health = (await fetch(`${baseUrl}/healthz`).then((response) => response.json())) as { pool?: PoolStatus }
  return health.pool
}

/**
 * Resolves once the pool holds its target of ready workstations and starts none.
 * @throws Error when it has not refilled within a minute
 */
async function poolRefilled(baseUrl: string): Promise<void> {
  const deadline = performance.now() + POOL_REFILL_TIMEOUT_MS
  let pool = await poolStatus(baseUrl)
  while (pool && (pool.ready < pool.target || pool.starting > 0)) {
    if (performance.now() > deadline) throw new Error(`the pool did not refill within a minute: ${JSON.stringify(pool)}`)
    await sleep(POOL_POLL_MS)
    pool = await poolStatus(baseUrl)
  }
}

/**
 * `count` sessions opened one after another, none other open, each deleted before the next; with a
 * pool, each opened once the pool has refilled. `learners` holds the open one, for the caller's
 * clean-up.
 */
export async function measureOpens(server: BenchServer, count: number, learners: Learner[]): Promise<OpenTimings[]> {
  const timings: OpenTimings[] = []
  for (let i = 0; i < count; i++) {
    await poolRefilled(server.baseUrl)
    const { learner, timings: opened } = await Learner.open(server)
    learners.push(learner)
    timings.push(opened)
    await learner.close()
    learners.splice(learners.indexOf(learner), 1)
  }
  return timings
}
