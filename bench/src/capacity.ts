/**
 * @module The ramp of concurrently active learners: at each level, learners are added until there
 * are that many, each with a container of its own on its inner engine, then all of them type at
 * once for a while and the echo times are gathered. The ramp stops at the first level that fails
 * outright (a session refused, a container not started, an echo lost), and at the first whose echo
 * p99 reaches the limit once it is past the levels that must be measured anyway.
 */
import os from 'node:os'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { errorMessage } from '../../catalog/src/engine.ts'
import { Learner, type BenchServer, type EchoSample } from './learner.ts'
import { summarize, type Summary } from './stats.ts'

/** What each learner starts before typing: one long-lived container on its inner engine. */
const LEARNER_CONTAINER_COMMAND = 'docker run -d --rm busybox sleep 3600'
/** Sessions opened at once while adding learners: the engine starts them faster a few at a time. */
const OPEN_CONCURRENCY = 4
const ACTIVITY_MARGIN_MS = 500
const CONTAINER_TIMEOUT_MS = 60_000
const CONTAINER_POLL_MS = 200
const LAG_RESOLUTION_MS = 10

/** One level of the ramp. */
export interface RampLevel {
  learners: number
  echo: Summary | undefined
  /** The slowest 1 % of keys (echo p99 or more), when the level was measured. */
  slowest: SlowestKeys | undefined
  /**
   * The longest this benchmark's own event loop was held up while everyone typed, in milliseconds:
   * when it is near the slowest echoes, the stall was on the client's side or the whole machine's.
   */
  clientLagMaxMs: number | undefined
  /** The host's 1-minute load average at the end of the level. */
  loadAverage: number
  /** Why the level failed outright, if it did. */
  error?: string
}

/** When the slowest keys of a level were typed, and what else happened then. */
export interface SlowestKeys {
  /**
   * Milliseconds between the first and the last of them being sent: small when one stall of the
   * whole path held them all, as long as the window when the path was slow throughout.
   */
  spreadMs: number
  /** What the host engine did from half a second before the first was sent to half a second after the last echo. */
  engineActivity: string
}

export interface RampOptions {
  /** Learner counts to reach, ascending. */
  levels: readonly number[]
  /** How long everyone types at a level. */
  windowMs: (learners: number) => number
  /** Mean pause between two keys of one learner. */
  pauseMs: number
  /** The ramp stops once a level's echo p99 reaches this… */
  p99LimitMs: number
  /** …but not before it has measured this many learners. */
  measureAtLeast: number
  /** Every learner the ramp opens is added here, so the caller can delete them whatever happens. */
  learners: Learner[]
  /** Told when a level starts and ends. */
  progress: (line: string) => void
  /** What the host engine did between two epoch times in milliseconds (see `engine-activity.ts`). */
  engineActivity: (fromMs: number, toMs: number) => Promise<string>
}

/** Runs `task(0…count-1)` with at most `limit` running at once; rejects with the first failure. */
async function inParallel(count: number, limit: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < count) await task(next++)
  }
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker))
}

/** The keys of `samples` whose echo took `thresholdMs` or more. */
async function slowestKeys(samples: readonly EchoSample[], thresholdMs: number, options: RampOptions): Promise<SlowestKeys> {
  const slow = samples.filter((sample) => sample.ms >= thresholdMs)
  const firstSent = Math.min(...slow.map((sample) => sample.sentAt))
  const lastSent = Math.max(...slow.map((sample) => sample.sentAt))
  const lastEcho = Math.max(...slow.map((sample) => sample.sentAt + sample.ms))
  const engineActivity = await options.engineActivity(
    performance.timeOrigin + firstSent - ACTIVITY_MARGIN_MS,
    performance.timeOrigin + lastEcho + ACTIVITY_MARGIN_MS,
  )
  return { spreadMs: lastSent - firstSent, engineActivity }
}

/**
 * A new learner, added to `learners`, with its container running on its inner engine. The inner
 * engine, not the screen, says when it runs: tmux may redraw the prompt at any time.
 */
async function addBusyLearner(server: BenchServer, learners: Learner[]): Promise<void> {
  const { learner } = await Learner.open(server)
  learners.push(learner)
  learner.typeLine(LEARNER_CONTAINER_COMMAND)
  const inner = learner.innerDocker()
  const deadline = performance.now() + CONTAINER_TIMEOUT_MS
  while ((await inner.listContainers()).length === 0) {
    if (performance.now() > deadline) {
      throw new Error(
        `"${LEARNER_CONTAINER_COMMAND}" started no container within ${CONTAINER_TIMEOUT_MS / 1000} s in session ` +
          `${learner.id}; its terminal ended with ${learner.screenTail()}`,
      )
    }
    await sleep(CONTAINER_POLL_MS)
  }
}

/** Climbs the levels of `options`; the last level returned is the one that stopped it, if any did. */
export async function rampUp(server: BenchServer, options: RampOptions): Promise<RampLevel[]> {
  const { learners, progress } = options
  const results: RampLevel[] = []
  const lag = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS })
  for (const level of options.levels) {
    const samples: EchoSample[] = []
    try {
      progress(`  level ${level}: opening ${level - learners.length} more sessions, each starting a container`)
      await inParallel(level - learners.length, OPEN_CONCURRENCY, () => addBusyLearner(server, learners))
      const until = performance.now() + options.windowMs(level)
      lag.reset()
      lag.enable()
      await Promise.all(learners.map((learner) => learner.typeUntil(until, options.pauseMs, samples)))
    } catch (error) {
      const loadAverage = os.loadavg()[0]!
      results.push({ learners: level, echo: undefined, slowest: undefined, clientLagMaxMs: undefined, loadAverage, error: errorMessage(error) })
      progress(`  level ${level}: failed — ${errorMessage(error)}`)
      return results
    } finally {
      lag.disable()
    }
    const echo = summarize(samples.map((sample) => sample.ms))
    const loadAverage = os.loadavg()[0]!
    const clientLagMaxMs = lag.max / 1e6
    results.push({ learners: level, echo, slowest: await slowestKeys(samples, echo.p99, options), clientLagMaxMs, loadAverage })
    progress(
      `  level ${level}: echo p50 ${echo.p50.toFixed(1)} ms, p99 ${echo.p99.toFixed(1)} ms ` +
        `(${echo.count} keys), client lag ≤ ${clientLagMaxMs.toFixed(0)} ms, load average ${loadAverage.toFixed(1)}`,
    )
    if (echo.p99 >= options.p99LimitMs && level >= options.measureAtLeast) return results
  }
  return results
}
