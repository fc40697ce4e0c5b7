/**
 * @module The classroom benchmark's report: which learners got a warm workstation (from the
 * server's own log), each run's join timings summarized, rendered as aligned tables for the
 * terminal and as the `classroom-bench` section of `docs/benchmarks.md`.
 */
import type { JoinTimings } from './classroom-client.ts'
import type { MachineFacts } from './machine.ts'
import { withMarkedSection } from './marked-section.ts'
import type { PoolStatus } from './open-session.ts'
import { alignedTable, formatNumber, machineLine, markdownTable } from './report.ts'
import { summarize } from './stats.ts'

/** What is left of a server's workstations: engine objects labelled with its socket root, and disks under it. */
export interface Leftovers {
  containers: number
  volumes: number
  networks: number
  /** Loop-mounted workstation filesystems under the socket root. */
  disks: number
}

/** One learner whose terminal reached the prompt. */
export interface JoinedLearnerTimings {
  sessionId: string
  timings: JoinTimings
  /** Whether the session took a pre-started workstation; undefined when the server's log does not say. */
  warm: boolean | undefined
}

/** One run: a class created, its learners joining at once, and the clean-up after. */
export interface ClassroomRun {
  /** e.g. `pre-warmed`. */
  label: string
  /** Joins fired at once (the class's capacity). */
  learners: number
  /** The 1-minute load average when the run began. */
  loadAverage: number
  /** Waiting for the pool before the joins, when the run did. */
  prewarm: { ms: number; ready: number; complete: boolean } | undefined
  /** The warm pool when the joins were fired. */
  poolAtJoins: PoolStatus | undefined
  joined: JoinedLearnerTimings[]
  failures: { nickname: string; error: string }[]
  /**
   * Left after the class ended, how many of the workstations left were learners' (the rest were the
   * warm pool's), and how long until nothing was left (or the wait gave up).
   */
  afterEnd: { leftovers: Leftovers; learnersLeft: number; waitedMs: number }
  /** Left once the server had stopped (then removed by the benchmark). */
  afterStop: Leftovers
  /** Mean seconds the server took to open a connected terminal's shell (its own histogram), when it had samples. */
  terminalAttachMeanS: number | undefined
}

export interface ClassroomReport {
  date: Date
  command: string
  machine: MachineFacts
  runs: ClassroomRun[]
  durationS: number
  method: string[]
}

/** The entries of the server's JSON log lines (`{"level",…,"event"}`) whose event is `event`; other lines are skipped. */
export function serverLogEvents(serverLog: string, event: string): Record<string, unknown>[] {
  const entries: Record<string, unknown>[] = []
  for (const line of serverLog.split('\n')) {
    if (!line.startsWith('{')) continue
    try {
      const entry = JSON.parse(line) as Record<string, unknown>
      if (entry.event === event) entries.push(entry)
    } catch {
      // Not a log line: something else the server printed.
    }
  }
  return entries
}

/** Whether each session started on a warm workstation, by session id (`session.created` carries `warm`). */
export function warmBySession(serverLog: string): Map<string, boolean> {
  const warm = new Map<string, boolean>()
  for (const { sessionId, warm: wasWarm } of serverLogEvents(serverLog, 'session.created')) {
    if (typeof sessionId === 'string' && typeof wasWarm === 'boolean') warm.set(sessionId, wasWarm)
  }
  return warm
}

/** The sessions the class's joins started (`classroom.joined`), whether or not their terminal came up. */
export function joinedSessions(serverLog: string): Set<string> {
  return new Set(serverLogEvents(serverLog, 'classroom.joined').flatMap(({ sessionId }) => (typeof sessionId === 'string' ? [sessionId] : [])))
}

/**
 * The mean of Prometheus histogram `name` in the exposition text `metrics` (its `_sum` over its
 * `_count`), or undefined when it has no samples.
 */
export function histogramMean(metrics: string, name: string): number | undefined {
  const value = (suffix: string): number | undefined => {
    const line = metrics.split('\n').find((candidate) => candidate.startsWith(`${name}${suffix} `))
    return line === undefined ? undefined : Number(line.slice(name.length + suffix.length + 1))
  }
  const sum = value('_sum')
  const count = value('_count')
  return sum === undefined || !count ? undefined : sum / count
}

/** The steps of a join, in order, with what each waits until. */
const PHASES: { key: keyof JoinTimings; until: string }[] = [
  { key: 'joinedMs', until: 'join answered (workstation assigned, its engine answering)' },
  { key: 'ticketMs', until: 'terminal ticket answered' },
  { key: 'openMs', until: 'terminal WebSocket open' },
  { key: 'firstByteMs', until: 'first byte on the terminal' },
  { key: 'promptMs', until: 'prompt (`$ `) on the terminal' },
]

function ms(value: number): string {
  return `${formatNumber(value)} ms`
}

function seconds(valueMs: number): string {
  return `${formatNumber(valueMs / 1000)} s`
}

/** `p50 · p95 · max` of one step over the run's learners, or `–` when none got that far. */
function spread(run: ClassroomRun, key: keyof JoinTimings): string {
  if (run.joined.length === 0) return '–'
  const { p50, p95, max } = summarize(run.joined.map((learner) => learner.timings[key]))
  return `${ms(p50)} · ${ms(p95)} · ${ms(max)}`
}

function poolCell({ prewarm, poolAtJoins, learners }: ClassroomRun): string {
  const ready = poolAtJoins ? `${poolAtJoins.ready} ready, ${poolAtJoins.starting} starting` : 'no pool'
  if (!prewarm) return `${ready} (joins fired as the class was created)`
  const filled = prewarm.complete ? `pre-warmed in ${seconds(prewarm.ms)}` : `${prewarm.ready} of ${learners} after ${seconds(prewarm.ms)}`
  return `${ready}, ${filled}`
}

function warmCell(run: ClassroomRun): string {
  const warm = run.joined.filter((learner) => learner.warm === true).length
  const unknown = run.joined.filter((learner) => learner.warm === undefined).length
  return `${warm} of ${run.learners}${unknown > 0 ? ` (${unknown} not in the server's log)` : ''}`
}

const SUMMARY_HEADER = ['run', 'warm pool when the joins were fired', 'at a prompt', 'warm workstation', 'join → first byte p50 · p95 · max', 'join → prompt p50 · p95 · max']
const PHASE_HEADER = ['run', 'from the join request until', 'n', 'min', 'p50', 'p95', 'max']

/** One row per run: the pool, how many made it, how many warm, and the two headline spreads. */
export function summaryRows(runs: ClassroomRun[]): string[][] {
  return runs.map((run) => [
    run.label,
    poolCell(run),
    `${run.joined.length} of ${run.learners}`,
    warmCell(run),
    spread(run, 'firstByteMs'),
    spread(run, 'promptMs'),
  ])
}

/** One row per run and step of the join, milliseconds from the join request. */
export function phaseRows(runs: ClassroomRun[]): string[][] {
  return runs.flatMap((run) =>
    run.joined.length === 0
      ? []
      : PHASES.map(({ key, until }) => {
          const { count, min, p50, p95, max } = summarize(run.joined.map((learner) => learner.timings[key]))
          return [run.label, until, String(count), ...[min, p50, p95, max].map(formatNumber)]
        }),
  )
}

function counted(count: number, one: string): string {
  return `${count} ${one}${count === 1 ? '' : 's'}`
}

function leftoverText({ containers, volumes, networks, disks }: Leftovers): string {
  return `${counted(containers, 'workstation container')}, ${counted(volumes, 'volume')}, ${counted(networks, 'network')} and ${counted(disks, 'workstation disk')}`
}

/** Nothing is left. */
export function isEmpty({ containers, volumes, networks, disks }: Leftovers): boolean {
  return containers + volumes + networks + disks === 0
}

/** Failures grouped by message, the clean-up, and how busy the machine was, per run. */
export function runNotes(run: ClassroomRun, cores: number): string[] {
  const notes: string[] = []
  const byError = new Map<string, number>()
  for (const { error } of run.failures) byError.set(error, (byError.get(error) ?? 0) + 1)
  for (const [error, count] of byError) notes.push(`${run.label}: ${count} of ${run.learners} learners got no prompt: ${error}`)
  if (run.prewarm && !run.prewarm.complete) {
    notes.push(`${run.label}: the pool held ${run.prewarm.ready} of ${run.learners} ready workstations after ${seconds(run.prewarm.ms)} and stopped filling; the joins were fired then.`)
  } else if (run.prewarm) {
    notes.push(
      `${run.label}: the pool starts its workstations one after another, so pre-warming ${run.learners} took ${seconds(run.prewarm.ms)}, ` +
        `${seconds(run.prewarm.ms / run.learners)} per workstation.`,
    )
  }
  if (run.terminalAttachMeanS !== undefined) {
    notes.push(`${run.label}: once a terminal WebSocket was open, the server took ${seconds(run.terminalAttachMeanS * 1000)} on average to open its shell (\`classroom_terminal_attach_seconds\`).`)
  }
  const { leftovers, learnersLeft, waitedMs } = run.afterEnd
  if (isEmpty(leftovers)) notes.push(`${run.label}: once the class had ended nothing of its workstations was left (${seconds(waitedMs)} until none was listed).`)
  else {
    const whose = `${learnersLeft} of the workstations a learner's, ${leftovers.containers - learnersLeft} the warm pool's`
    notes.push(`${run.label}: ${seconds(waitedMs)} after the class had ended there were still ${leftoverText(leftovers)} (${whose}).`)
  }
  notes.push(
    isEmpty(run.afterStop)
      ? `${run.label}: once the server had stopped nothing of it was left.`
      : `${run.label}: once the server had stopped there were still ${leftoverText(run.afterStop)}; the benchmark removed them.`,
  )
  if (run.loadAverage >= cores) {
    notes.push(`${run.label}: the machine was busy when the run began (load average ${run.loadAverage.toFixed(1)} on ${cores} cores): the timings are upper bounds of what an idle machine gives.`)
  }
  return notes
}

/** The report for a terminal. */
export function renderClassroomText(report: ClassroomReport): string {
  return [
    alignedTable(SUMMARY_HEADER, summaryRows(report.runs)),
    '',
    alignedTable(PHASE_HEADER, phaseRows(report.runs)),
    '',
    ...report.runs.flatMap((run) => runNotes(run, report.machine.cores)).map((note) => `• ${note}`),
    '',
    `Machine: ${machineLine(report.machine)}`,
    `Run: ${report.date.toISOString()}, ${report.durationS.toFixed(0)} s`,
  ].join('\n')
}

/** The report as the body of the `classroom-bench` section, markers excluded. */
export function renderClassroomMarkdown(report: ClassroomReport): string {
  return [
    `Measured on ${report.date.toISOString().slice(0, 10)} with \`${report.command}\` (${report.durationS.toFixed(0)} s).`,
    '',
    `Machine: ${machineLine(report.machine)}.`,
    '',
    markdownTable(SUMMARY_HEADER, summaryRows(report.runs)),
    '',
    'Each step of the join, in milliseconds from the join request:',
    '',
    markdownTable(PHASE_HEADER, phaseRows(report.runs)),
    '',
    'Notes:',
    '',
    ...report.runs.flatMap((run) => runNotes(run, report.machine.cores)).map((note) => `- ${note}`),
    '',
    'How it is measured:',
    '',
    ...report.method.map((line) => `- ${line}`),
  ].join('\n')
}

/** What comes before the markers when the page has no such section yet. */
const SECTION_INTRO = [
  '## Classroom: a room pressing 참여 at once',
  '',
  'A class of learners joining in the same second, each until the prompt on their terminal, once with',
  "the class's workstations pre-warmed and once without. Everything between the markers is rewritten by",
  '`node bench/src/classroom-joins.ts`.',
].join('\n')

/** `page` with `body` between the `classroom-bench` markers, leaving everything else as it was. */
export function withClassroomSection(page: string, body: string): string {
  return withMarkedSection(page, 'classroom-bench', SECTION_INTRO, body)
}
