/**
 * @module The server's Prometheus metrics, in a registry of its own (so every app, tests included,
 * counts apart): sessions alive (and under which isolation), sessions created and ended, how long
 * creating a session, attaching a terminal, running a check and starting a warm-pool workstation
 * take, the warm pool's fill, reaps, disk quota hits, and errors by code. `GET /metrics` serves them.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { WarmPoolStatus } from './sessions/warm-pool.ts'

/** Reasons a session ends that mean the reaper (or a lookup past expiry) ended it. */
const REAP_REASONS = new Set(['expired', 'idle'])

/** Seconds; from a fast terminal attach (≈40 ms) to a slow workstation start (the 30 s timeout). */
const LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

export interface MetricsOptions {
  /** How many sessions are alive; read at every scrape. */
  activeSessions: () => Promise<number>
  /** Adds Node's process metrics (memory, CPU, event loop lag); only the real server wants them. */
  processMetrics?: boolean
  /** The warm pool's state, read at every scrape; null (or absent) without a pool. */
  pool?: () => WarmPoolStatus | null
  /** The provider's isolation mode, the label of `classroom_sessions_by_isolation`. */
  isolation?: string
}

/** The instruments the server updates, and the registry that serves them. */
export interface Metrics {
  readonly registry: Registry
  /** `result` is `ok` or the error code. */
  readonly sessionCreations: Counter<'result'>
  readonly sessionDeletions: Counter<'reason'>
  readonly reaps: Counter<'reason'>
  readonly createSeconds: Histogram
  readonly terminalAttachSeconds: Histogram
  readonly checkSeconds: Histogram
  /** Time to start one warm-pool workstation. */
  readonly poolRefillSeconds: Histogram
  /** `action` is `refused` (a full disk refuses writes) or `stopped` (a session over its quota was stopped). */
  readonly diskQuotaHits: Counter<'action'>
  /** Refused or failed requests and terminals, by stable error code. */
  readonly errors: Counter<'code'>
  /** Counts a session that ended, and a reap when it ended by expiring or idling. */
  sessionEnded(reason: string): void
}

/** Creates the instruments in a new registry. */
export function createMetrics({ activeSessions, processMetrics = false, pool = () => null, isolation }: MetricsOptions): Metrics {
  const registry = new Registry()
  if (processMetrics) collectDefaultMetrics({ register: registry, prefix: 'classroom_' })
  new Gauge({
    name: 'classroom_sessions_active',
    help: 'Sessions alive now.',
    registers: [registry],
    async collect() {
      this.set(await activeSessions())
    },
  })
  if (isolation !== undefined) {
    new Gauge({
      name: 'classroom_sessions_by_isolation',
      help: 'Sessions alive now, by how their workstations nest engines (one mode per server).',
      labelNames: ['isolation'] as const,
      registers: [registry],
      async collect() {
        this.set({ isolation }, await activeSessions())
      },
    })
  }
  const poolGauge = (name: string, help: string, read: (status: WarmPoolStatus) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read(pool() ?? { ready: 0, starting: 0, target: 0 }))
      },
    })
  poolGauge('classroom_pool_ready', 'Warm-pool workstations ready to hand out.', (status) => status.ready)
  poolGauge('classroom_pool_starting', 'Warm-pool workstations being started.', (status) => status.starting)
  poolGauge('classroom_pool_target', 'Warm-pool workstations the pool aims to keep ready.', (status) => status.target)
  const latency = (name: string, help: string) =>
    new Histogram({ name, help, buckets: LATENCY_BUCKETS, registers: [registry] })
  const sessionDeletions = new Counter({
    name: 'classroom_session_deletions_total',
    help: 'Sessions ended, by reason (deleted, expired, idle, ...).',
    labelNames: ['reason'] as const,
    registers: [registry],
  })
  const reaps = new Counter({
    name: 'classroom_session_reaps_total',
    help: 'Sessions reaped because they expired or went idle.',
    labelNames: ['reason'] as const,
    registers: [registry],
  })
  return {
    registry,
    sessionCreations: new Counter({
      name: 'classroom_session_creations_total',
      help: 'Session creations, by result (ok or the error code).',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    sessionDeletions,
    reaps,
    createSeconds: latency('classroom_session_create_seconds', 'Time to create a session, its engine answering.'),
    terminalAttachSeconds: latency('classroom_terminal_attach_seconds', 'Time to open a shell for a terminal socket.'),
    checkSeconds: latency('classroom_check_seconds', 'Time to run the conditions of one exercise check.'),
    poolRefillSeconds: latency('classroom_pool_refill_seconds', 'Time to start one warm-pool workstation.'),
    diskQuotaHits: new Counter({
      name: 'classroom_disk_quota_hits_total',
      help: 'Workstations that reached their disk quota, by action (refused: writes refused; stopped).',
      labelNames: ['action'] as const,
      registers: [registry],
    }),
    errors: new Counter({
      name: 'classroom_errors_total',
      help: 'Refused or failed requests and terminals, by error code.',
      labelNames: ['code'] as const,
      registers: [registry],
    }),
    sessionEnded(reason) {
      sessionDeletions.inc({ reason })
      if (REAP_REASONS.has(reason)) reaps.inc({ reason })
    },
  }
}

/**
 * Runs `work` and records how long it took in `histogram`, whether it succeeded or not.
 * @returns what `work` returned
 */
export async function timed<T>(histogram: Histogram, work: () => Promise<T>): Promise<T> {
  const stop = histogram.startTimer()
  try {
    return await work()
  } finally {
    stop()
  }
}
