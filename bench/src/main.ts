/**
 * @module `npm run bench`: starts the real sandbox server on a free port, measures it against the
 * targets of the course (session start, keystroke echo, learners at once, sandbox memory, nested
 * `docker run`, check latency), prints the table and, unless `--quick`, rewrites its section of
 * `docs/benchmarks.md`. Every session it opens is deleted before it exits.
 */
import { readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import Dockerode from 'dockerode'
import { startServer } from '../../e2e/support/server.ts'
import { rampUp, type RampLevel } from './capacity.ts'
import { Learner, type BenchServer, type OpenTimings } from './learner.ts'
import { engineActivity } from './engine-activity.ts'
import { machineFacts } from './machine.ts'
import { measureOpens, poolStatus, type PoolStatus } from './open-session.ts'
import { formatNumber, renderMarkdown, renderText, withSection, type Distribution, type ResultRow } from './report.ts'
import { checkLatencies, helloWorldRuns, pullHelloWorld, workstationMemoryMiB } from './sandbox-probes.ts'
import { median, summarize, type Summary } from './stats.ts'

const REPORT_PATH = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url))
const HOST_SOCKET = '/var/run/docker.sock'
/** The concurrency the echo target is set at. */
const ECHO_LEARNERS = 20
const ECHO_P99_TARGET_MS = 20
const CAPACITY_TARGET = 50
const CAPACITY_P99_LIMIT_MS = 50
/** Mean pause between two keystrokes of one learner: a brisk typist, about 7 keys a second. */
const TYPING_PAUSE_MS = 150
/** Workstations the warm pool keeps ready while opens from it are measured. */
const WARM_POOL_SIZE = 2

/** How much of everything a run measures. */
interface Plan {
  openSamples: number
  memorySettleMs: number
  memorySamples: number
  checkSamples: number
  helloWorldRuns: number
  levels: readonly number[]
  windowMs: (learners: number) => number
}

const FULL: Plan = {
  openSamples: 10,
  memorySettleMs: 5000,
  memorySamples: 3,
  checkSamples: 40,
  helloWorldRuns: 10,
  levels: [1, 10, ECHO_LEARNERS, 30, 40, CAPACITY_TARGET],
  windowMs: (learners) => (learners === ECHO_LEARNERS ? 15_000 : 10_000),
}

const QUICK: Plan = {
  openSamples: 4,
  memorySettleMs: 2000,
  memorySamples: 2,
  checkSamples: 10,
  helloWorldRuns: 3,
  levels: [1, 10, ECHO_LEARNERS],
  windowMs: () => 5000,
}

/** How `plan` measures, for the report. */
function method(plan: Plan): string[] {
  return [
    `Open session: from sending \`POST /api/sessions\` until the prompt (up to its \`$ \`) has arrived on the terminal WebSocket, opened with a ticket; ${plan.openSamples} sessions one after another, each deleted before the next. Warm: a server started with POOL_SIZE=${WARM_POOL_SIZE}, each open once /healthz says the pool is full again; cold: a server started with POOL_SIZE=0.`,
    `Keystroke echo: one key per WebSocket frame, timed until its echo arrives — \`x\`, then Backspace (echo \`\\b\`), so the line stays empty; each learner presses a key every ${TYPING_PAUSE_MS} ms on average (${TYPING_PAUSE_MS / 2}–${TYPING_PAUSE_MS * 1.5} ms), all learners at once, for ${plan.windowMs(ECHO_LEARNERS) / 1000} s at ${ECHO_LEARNERS} learners and ${plan.windowMs(0) / 1000} s at the other levels.`,
    `Learners at once: levels ${plan.levels.join(', ')}; each new learner opens a session and types \`docker run -d --rm busybox sleep 3600\` at its prompt before the level's typing starts. The ramp stops at the first level that fails or, from ${ECHO_LEARNERS} learners on, whose echo p99 reaches ${CAPACITY_P99_LIMIT_MS} ms.`,
    `Idle sandbox memory: the host engine's container stats of a fresh workstation (no terminal, no inner container) ${plan.memorySettleMs / 1000} s after it answered, usage minus page cache (\`cache\` on cgroup v1, \`file\` on v2); median of ${plan.memorySamples}, a second apart.`,
    `hello-world: create, start, wait and remove through the Docker API — the inner engine through the session's socket, the host engine through ${HOST_SOCKET}; one untimed run each first, then ${plan.helloWorldRuns} each; the ratio of the medians.`,
    `Check latency: ${plan.checkSamples} presses of 채점 on lesson 1's run-nginx, one after another, on a fresh sandbox (exercise not done, so every condition is evaluated), until the whole answer arrived.`,
    'The benchmark runs on the same machine as the server and the sandboxes, and competes with them (and anything else running) for the same cores.',
  ]
}

function progress(line: string): void {
  process.stderr.write(`${line}\n`)
}

function ms(value: number): string {
  return `${formatNumber(value)} ms`
}

function coldOpenRow(timings: OpenTimings[], pool: PoolStatus | undefined): ResultRow {
  const prompt = summarize(timings.map((timing) => timing.promptMs))
  const created = median(timings.map((timing) => timing.createdMs))
  const met = prompt.p50 < 2000
  let note: string | undefined
  if (pool && pool.target > 0) note = `the server kept a pool of ${pool.target} although POOL_SIZE=0 was passed, so these opens were not all cold.`
  else if (!met) note = `POST /api/sessions alone took ${ms(created)} (median): creating the workstation and waiting for its inner engine.`
  return {
    metric: 'open session → first prompt, pool empty (cold)',
    target: 'p50 < 2 s',
    result: `p50 ${ms(prompt.p50)} · p95 ${ms(prompt.p95)}`,
    samples: String(prompt.count),
    met,
    note,
  }
}

function warmOpenRow(timings: OpenTimings[] | undefined): ResultRow {
  const row = { metric: 'open session → first prompt, warm pool', target: 'p50 < 300 ms · p95 < 600 ms' }
  if (!timings) {
    return {
      ...row,
      result: 'not measured',
      samples: '0',
      met: undefined,
      note: `the server keeps no warm pool yet: started with POOL_SIZE=${WARM_POOL_SIZE}, its /healthz names none.`,
    }
  }
  const prompt = summarize(timings.map((timing) => timing.promptMs))
  const met = prompt.p50 < 300 && prompt.p95 < 600
  return {
    ...row,
    result: `p50 ${ms(prompt.p50)} · p95 ${ms(prompt.p95)}`,
    samples: String(prompt.count),
    met,
    note: met
      ? undefined
      : `POST /api/sessions alone took ${ms(median(timings.map((timing) => timing.createdMs)))} (median) with a workstation from the pool.`,
  }
}

/**
 * Why echoes were slow at `level`: how p99 grew from the smallest level, whether the slowest keys
 * came in one stall, and what shares the cores.
 */
function echoMissNote(levels: RampLevel[], level: RampLevel): string {
  const baseline = levels[0]
  const growth = baseline?.echo && baseline !== level ? `echo p99 was ${ms(baseline.echo.p99)} with ${baseline.learners} typing, ` : 'echo p99 was '
  const { spreadMs = 0, engineActivity = '' } = level.slowest ?? {}
  const shape =
    spreadMs < 1000
      ? `the slowest 1 % of keys were all sent within ${ms(spreadMs)}, one stall of the whole path rather than a steady slowdown`
      : `the slowest 1 % of keys were spread over ${formatNumber(spreadMs / 1000)} s of the window`
  const activity = engineActivity ? `meanwhile the host engine logged ${engineActivity}` : 'the host engine logged no event meanwhile'
  const lag = level.clientLagMaxMs === undefined ? '' : `; this client's own event loop was held up for ${ms(level.clientLagMaxMs)} at most`
  return (
    `${growth}${ms(level.echo!.p99)} with ${level.learners}; ${shape}; ${activity}${lag}. Every key goes through the server, the host ` +
    `engine's exec stream, tmux and bash and back, on ${os.availableParallelism()} cores shared with ${level.learners} sandboxes ` +
    `(each with an idle container), the server and this client (1-minute load average ${level.loadAverage.toFixed(1)}).`
  )
}

function echoRow(levels: RampLevel[]): ResultRow {
  const level = levels.find((candidate) => candidate.learners === ECHO_LEARNERS)
  const row = {
    metric: `keystroke echo, ${ECHO_LEARNERS} learners typing at once`,
    target: `p99 < ${ECHO_P99_TARGET_MS} ms`,
  }
  if (!level?.echo) {
    return { ...row, result: 'not measured', samples: '0', met: undefined, note: `the ramp did not reach ${ECHO_LEARNERS} learners${level?.error ? `: ${level.error}` : ''}.` }
  }
  const { p50, p95, p99, count } = level.echo
  const met = p99 < ECHO_P99_TARGET_MS
  return {
    ...row,
    result: `p50 ${ms(p50)} · p95 ${ms(p95)} · p99 ${ms(p99)}`,
    samples: String(count),
    met,
    note: met ? undefined : echoMissNote(levels, level),
  }
}

function capacityRow(levels: RampLevel[]): ResultRow {
  const failedAt = levels.findIndex((level) => !level.echo || level.echo.p99 >= CAPACITY_P99_LIMIT_MS)
  const passed = failedAt < 0 ? levels : levels.slice(0, failedAt)
  const reached = passed.at(-1)
  const failed = levels[failedAt]
  const met = (reached?.learners ?? 0) >= CAPACITY_TARGET
  let note: string | undefined
  if (failed?.error) note = `at ${failed.learners} learners the ramp failed: ${failed.error}`
  else if (failed?.echo && failed.learners === ECHO_LEARNERS) {
    note = `at ${failed.learners} learners echo p99 was ${ms(failed.echo.p99)}; see the keystroke echo note.`
  } else if (failed?.echo) note = echoMissNote(levels, failed)
  return {
    metric: `learners active at once (typing, one container each) with echo p99 < ${CAPACITY_P99_LIMIT_MS} ms`,
    target: `≥ ${CAPACITY_TARGET}`,
    result: reached ? `${reached.learners} (p99 ${ms(reached.echo!.p99)})` : '0',
    samples: `levels ${levels.map((level) => level.learners).join(', ')}`,
    met,
    note: met ? undefined : (note ?? `this run's ramp ended at ${levels.at(-1)?.learners ?? 0} learners.`),
  }
}

interface SandboxFigures {
  /** The host's 1-minute load average once they were measured. */
  loadAverage: number
  memory: number[]
  checks: Summary
  inner: number[]
  host: number[]
}

/** Memory, check latency and nested hello-world of one fresh sandbox, with no terminal open. */
async function measureOneSandbox(server: BenchServer, host: Dockerode, plan: Plan, learners: Learner[]): Promise<SandboxFigures> {
  const { learner } = await Learner.open(server, { terminal: false })
  learners.push(learner)
  await new Promise((resolve) => setTimeout(resolve, plan.memorySettleMs))
  const memory = await workstationMemoryMiB(host, learner, plan.memorySamples)
  progress(`  idle memory ${memory.map(formatNumber).join(', ')} MiB; checking ${plan.checkSamples}×`)
  const checks = summarize(await checkLatencies(server.baseUrl, learner, plan.checkSamples))
  progress(`  docker run hello-world ${plan.helloWorldRuns}× inside the sandbox and on the host`)
  const inner = learner.innerDocker()
  await pullHelloWorld(inner)
  const innerRuns = await helloWorldRuns(inner, plan.helloWorldRuns)
  const hostRuns = await helloWorldRuns(host, plan.helloWorldRuns)
  return { loadAverage: os.loadavg()[0]!, memory, checks, inner: innerRuns, host: hostRuns }
}

function sandboxRows({ loadAverage, memory, checks, inner, host }: SandboxFigures): ResultRow[] {
  const idle = median(memory)
  const ratio = median(inner) / median(host)
  const load = `1-minute load average ${loadAverage.toFixed(1)} on ${os.availableParallelism()} cores when measured`
  return [
    {
      metric: 'idle sandbox memory (inner engine, no containers)',
      target: '< 60 MiB',
      result: `${formatNumber(idle)} MiB`,
      samples: String(memory.length),
      met: idle < 60,
      note: idle < 60 ? undefined : 'usage minus page cache of the whole workstation: init, dockerd and containerd.',
    },
    {
      metric: '`docker run --rm hello-world`, sandbox ÷ host',
      target: '≤ 1.5×',
      result: `${ratio.toFixed(2)}× (${ms(median(inner))} / ${ms(median(host))})`,
      samples: `${inner.length} + ${host.length}`,
      met: ratio <= 1.5,
      note:
        ratio <= 1.5
          ? undefined
          : `${load}; the nested engine competes for them from inside a workstation limited to part of them (NANO_CPUS), with its storage on a volume.`,
    },
    {
      metric: 'check latency (lesson 1, run-nginx)',
      target: 'p95 < 200 ms',
      result: `p50 ${ms(checks.p50)} · p95 ${ms(checks.p95)} · p99 ${ms(checks.p99)}`,
      samples: String(checks.count),
      met: checks.p95 < 200,
      note: checks.p95 < 200 ? undefined : `${load}; every condition asks the inner engine through its socket, or runs a command in the workstation.`,
    },
  ]
}

/** Deletes every learner's session, a few at a time; failures are reported, not thrown. */
async function closeAll(learners: Learner[]): Promise<void> {
  const results = []
  while (learners.length > 0) results.push(...(await Promise.allSettled(learners.splice(0, 4).map((learner) => learner.close()))))
  for (const result of results) if (result.status === 'rejected') progress(`! ${String(result.reason)}`)
}

/**
 * Runs `use` against the real server on a free port, with room for the whole ramp and no limit on
 * how fast sessions come; then deletes what `use` left in `learners` and stops the server.
 */
async function withServer<T>(env: Record<string, string>, use: (server: BenchServer, learners: Learner[]) => Promise<T>): Promise<T> {
  const running = await startServer({
    MAX_SESSIONS: String(CAPACITY_TARGET + WARM_POOL_SIZE),
    SESSION_CREATES_PER_MINUTE: '100000',
    SESSION_CREATE_BURST: '100000',
    MAX_SESSIONS_PER_CLIENT: '100000',
    ...env,
  })
  const learners: Learner[] = []
  try {
    return await use({ baseUrl: running.baseUrl, socketRoot: running.socketRoot }, learners)
  } finally {
    await closeAll(learners)
    await running.stop()
    await rm(running.socketRoot, { recursive: true, force: true })
  }
}

/** Session opens from a full warm pool, or undefined when the server keeps none. */
async function measureWarmOpens(plan: Plan): Promise<OpenTimings[] | undefined> {
  progress(`Starting a server with a warm pool of ${WARM_POOL_SIZE}`)
  return withServer({ POOL_SIZE: String(WARM_POOL_SIZE) }, async (server, learners) => {
    const pool = await poolStatus(server.baseUrl)
    if (!pool || pool.target === 0) {
      progress('  its /healthz names no pool: warm opens not measured')
      return undefined
    }
    progress(`  opening ${plan.openSamples} sessions, each once the pool is full`)
    return measureOpens(server, plan.openSamples, learners)
  })
}

/** Everything but the warm pool, on a server that keeps none. */
async function measureWithoutPool(plan: Plan, host: Dockerode) {
  return withServer({ POOL_SIZE: '0' }, async (server, learners) => {
    const machine = await machineFacts(host, server.baseUrl)
    const pool = await poolStatus(server.baseUrl)
    progress(`Opening ${plan.openSamples} sessions one after another (cold)`)
    const opens = await measureOpens(server, plan.openSamples, learners)
    progress('One idle sandbox: memory, checks, nested docker run')
    const sandbox = await measureOneSandbox(server, host, plan, learners)
    await closeAll(learners)
    progress(`Ramp of learners typing at once: ${plan.levels.join(', ')}`)
    const levels = await rampUp(server, {
      levels: plan.levels,
      windowMs: plan.windowMs,
      pauseMs: TYPING_PAUSE_MS,
      p99LimitMs: CAPACITY_P99_LIMIT_MS,
      measureAtLeast: ECHO_LEARNERS,
      learners,
      progress,
      engineActivity: (fromMs, toMs) => engineActivity(host, fromMs, toMs),
    })
    return { machine, pool, opens, sandbox, levels }
  })
}

function openDistributions(label: string, opens: OpenTimings[]): Distribution[] {
  return [
    { name: `POST /api/sessions answered (${label})`, unit: 'ms', summary: summarize(opens.map((timing) => timing.createdMs)) },
    { name: `first prompt on the terminal (${label})`, unit: 'ms', summary: summarize(opens.map((timing) => timing.promptMs)) },
  ]
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } })
  const plan = values.quick ? QUICK : FULL
  const startedAt = new Date()
  const host = new Dockerode({ socketPath: HOST_SOCKET })
  const warm = await measureWarmOpens(plan)
  const { machine, pool, opens, sandbox, levels } = await measureWithoutPool(plan, host)

  const distributions: Distribution[] = [
    ...(warm ? openDistributions('warm pool', warm) : []),
    ...openDistributions('cold', opens),
    ...levels.flatMap((level) =>
      level.echo ? [{ name: `keystroke echo, ${level.learners} typing at once`, unit: 'ms' as const, summary: level.echo }] : [],
    ),
    { name: 'idle sandbox memory', unit: 'MiB', summary: summarize(sandbox.memory) },
    { name: 'hello-world in the sandbox', unit: 'ms', summary: summarize(sandbox.inner) },
    { name: 'hello-world on the host', unit: 'ms', summary: summarize(sandbox.host) },
    { name: 'check run-nginx', unit: 'ms', summary: sandbox.checks },
  ]
  const report = {
    date: startedAt,
    command: values.quick ? 'npm run bench -- --quick' : 'npm run bench',
    machine,
    rows: [warmOpenRow(warm), coldOpenRow(opens, pool), echoRow(levels), capacityRow(levels), ...sandboxRows(sandbox)],
    distributions,
    durationS: (Date.now() - startedAt.getTime()) / 1000,
    method: method(plan),
  }
  process.stdout.write(`\n${renderText(report)}\n`)
  if (values.quick) progress('\n--quick: docs/benchmarks.md left as it was')
  else {
    const page = await readFile(REPORT_PATH, 'utf8').catch(() => '# Benchmarks\n')
    await writeFile(REPORT_PATH, withSection(page, renderMarkdown(report)))
    progress(`\nWrote ${path.relative(process.cwd(), REPORT_PATH)}`)
  }
}

await main()
