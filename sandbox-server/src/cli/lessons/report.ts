/**
 * @module What `npm run lessons -- verify` prints: a table with one row per exercise, columns
 * aligned by display width so Korean titles (two terminal cells per syllable) line up, and for
 * every miss the conditions that went wrong, the solution lines that failed and the terminal's tail.
 */
import type { CheckResult } from '@docker-classroom/lessons'
import type { LineResult } from './solution-runner.ts'

/** The outcome of verifying one exercise. */
export interface ExerciseVerdict {
  lessonId: string
  exerciseId: string
  /** Korean title of the exercise. */
  title: string
  /** The check on a fresh sandbox; must not pass. Missing when the sandbox never started. */
  fresh?: CheckResult
  /** The check after the solution; must pass. */
  solved?: CheckResult
  /** Solution lines that finished, with their exit codes. */
  lines: LineResult[]
  /** Conditions whose test threw instead of answering, with the error. */
  conditionErrors: string[]
  /** What stopped the run (sandbox, terminal or a hanging line), in English. */
  problem?: string
  /** The last lines of the terminal. */
  tail: string[]
  seconds: number
}

/**
 * True when the check failed fresh, every solution line succeeded and the check then passed, with
 * no condition throwing on the way.
 */
export function verdictOk(verdict: ExerciseVerdict): boolean {
  return (
    verdict.problem === undefined &&
    verdict.conditionErrors.length === 0 &&
    verdict.fresh?.passed === false &&
    verdict.solved?.passed === true &&
    verdict.lines.every((line) => line.exitCode === 0)
  )
}

/** Hangul, CJK and fullwidth ranges: two terminal cells each (East Asian Width W and F). */
const WIDE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x20000, 0x3fffd],
]

/** Terminal cells `text` takes: wide characters count two, combining marks none. */
export function displayWidth(text: string): number {
  let width = 0
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0
    if (/\p{Mn}/u.test(char)) continue
    width += WIDE_RANGES.some(([from, to]) => code >= from && code <= to) ? 2 : 1
  }
  return width
}

const padEnd = (text: string, width: number): string => text + ' '.repeat(Math.max(0, width - displayWidth(text)))
const padStart = (text: string, width: number): string => ' '.repeat(Math.max(0, width - displayWidth(text))) + text

/** Lays out rows under a header; columns listed in `rightAligned` are aligned right. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number> = new Set()): string {
  const widths = header.map((title, column) => Math.max(displayWidth(title), ...rows.map((row) => displayWidth(row[column] ?? ''))))
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (rightAligned.has(column) ? padStart : padEnd)(cell, widths[column] ?? 0))
      .join('  ')
      .trimEnd()
  return [line(header), widths.map((width) => '─'.repeat(width)).join('  '), ...rows.map(line)].join('\n')
}

const checkCell = (result: CheckResult | undefined): string => (result === undefined ? '—' : result.passed ? '✓' : '✗')

/** The results table, with a closing summary line. */
export function formatVerdictTable(verdicts: readonly ExerciseVerdict[], totalSeconds: number): string {
  const rows = verdicts.map((verdict) => [
    verdict.lessonId,
    verdict.exerciseId,
    verdict.title,
    checkCell(verdict.fresh),
    checkCell(verdict.solved),
    verdict.seconds.toFixed(1),
    verdictOk(verdict) ? 'ok' : 'MISS',
  ])
  const table = formatTable(['lesson', 'exercise', 'title', 'fresh ✗', 'solved ✓', 'seconds', 'result'], rows, new Set([5]))
  const missed = verdicts.filter((verdict) => !verdictOk(verdict)).length
  const summary = `${verdicts.length} exercise(s): ${verdicts.length - missed} verified, ${missed} missed, ${totalSeconds.toFixed(1)} s in all`
  return `${table}\n\n${summary}`
}

const failedConditions = (result: CheckResult): string[] =>
  result.conditions.filter((condition) => !condition.passed).map((condition) => `    - ${condition.id}: ${condition.message}`)

/** What went wrong with one exercise that did not verify, as an indented block. */
export function formatMiss(verdict: ExerciseVerdict): string {
  const out = [`✗ ${verdict.lessonId}/${verdict.exerciseId} (${verdict.title})`]
  if (verdict.problem !== undefined) out.push(`  stopped: ${verdict.problem}`)
  if (verdict.fresh?.passed) {
    out.push('  the check passes on a fresh sandbox, before any solution: it cannot tell the exercise done from not started')
  }
  for (const [index, line] of verdict.lines.entries()) {
    if (line.exitCode !== 0) out.push(`  solution line ${index + 1} exited with ${line.exitCode}: ${line.line}`)
  }
  out.push(...verdict.conditionErrors.map((error) => `  condition ${error}`))
  if (verdict.solved !== undefined && !verdict.solved.passed) {
    out.push('  after the solution these conditions still fail:', ...failedConditions(verdict.solved))
  }
  if (verdict.tail.length > 0) out.push('  terminal (last lines):', ...verdict.tail.map((line) => `    │ ${line}`))
  return out.join('\n')
}
