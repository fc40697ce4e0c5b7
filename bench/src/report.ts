/**
 * @module The benchmark's report: rows against their targets, the distributions behind them and
 * the machine, rendered as an aligned table for the terminal and as `docs/benchmarks.md`.
 */
import { withMarkedSection } from './marked-section.ts'
import type { MachineFacts } from './machine.ts'
import type { Summary } from './stats.ts'

/** One metric against its target. */
export interface ResultRow {
  metric: string
  target: string
  /** The measured figure, formatted, e.g. `p50 412 ms · p95 530 ms`. */
  result: string
  /** How many samples (or what) the figure rests on. */
  samples: string
  /** Whether the target is met; undefined when it was not measured. */
  met: boolean | undefined
  /** Why a target was missed or not measured, from the measurements themselves. */
  note?: string
}

/** The samples behind a row, for the percentile table. */
export interface Distribution {
  name: string
  unit: 'ms' | 'MiB'
  summary: Summary
}

export interface Report {
  /** When the run started. */
  date: Date
  command: string
  machine: MachineFacts
  rows: ResultRow[]
  distributions: Distribution[]
  /** Seconds the whole run took. */
  durationS: number
  /** How each figure is measured, one sentence each. */
  method: string[]
}

function mark(met: boolean | undefined): string {
  if (met === undefined) return '–'
  return met ? '✓' : '✗'
}

/** `value` rounded for a table: whole numbers from 100 up, one decimal below. */
export function formatNumber(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(1)
}

/** The machine facts as one line, for a report. */
export function machineLine({ cores, cpuModel, memoryGiB, loadAverage, kernel, engineVersion, isolation, node }: MachineFacts): string {
  return (
    `${cores} cores (${cpuModel}), ${memoryGiB.toFixed(1)} GiB memory, load average ${loadAverage.toFixed(1)} at the start, ` +
    `Linux ${kernel}, Docker engine ${engineVersion}, isolation ${isolation}, Node ${node}`
  )
}

function distributionCells({ name, unit, summary }: Distribution): string[] {
  const { count, min, p50, p95, p99, max } = summary
  return [name, unit, String(count), ...[min, p50, p95, p99, max].map(formatNumber)]
}

const ROW_HEADER = ['metric', 'target', 'result', 'samples', 'met']
const DISTRIBUTION_HEADER = ['samples of', 'unit', 'n', 'min', 'p50', 'p95', 'p99', 'max']

function rowCells(row: ResultRow): string[] {
  return [row.metric, row.target, row.result, row.samples, mark(row.met)]
}

/** Columns padded to their widest cell, for a monospaced terminal. */
export function alignedTable(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column]!.length)))
  const line = (cells: string[]): string => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()
  return [line(header), widths.map((width) => '─'.repeat(width)).join('  '), ...rows.map(line)].join('\n')
}

/** A GitHub-flavoured Markdown table; `|` in a cell is escaped. */
export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

function notes({ rows, machine }: Report): string[] {
  const busy =
    machine.loadAverage >= machine.cores
      ? [
          `The machine was busy before the run began (load average ${machine.loadAverage.toFixed(1)} on ` +
            `${machine.cores} cores): the timings are upper bounds of what an idle machine gives.`,
        ]
      : []
  return [...busy, ...rows.filter((row) => row.note).map((row) => `${row.metric}: ${row.note}`)]
}

/** The report for a terminal. */
export function renderText(report: Report): string {
  return [
    alignedTable(ROW_HEADER, report.rows.map(rowCells)),
    '',
    alignedTable(DISTRIBUTION_HEADER, report.distributions.map(distributionCells)),
    '',
    ...notes(report).map((note) => `• ${note}`),
    '',
    `Machine: ${machineLine(report.machine)}`,
    `Run: ${report.date.toISOString()}, ${report.durationS.toFixed(0)} s`,
  ].join('\n')
}

/** What comes before the markers when the section is added to a page without it. */
const SECTION_INTRO = [
  '## Sandbox server: sessions, terminals, sandboxes',
  '',
  'The server against its targets, as learners use it. Everything between the markers is rewritten',
  'by `npm run bench`: it starts the real server on a free port with its own socket root and session',
  'database, drives it over HTTP and the terminal WebSocket as the site does, and deletes every session',
  'it made. ✓ the target is met, ✗ missed, – not measured.',
].join('\n')

/** The report as the `sandbox-bench` section of `docs/benchmarks.md`, markers excluded. */
export function renderMarkdown(report: Report): string {
  const day = report.date.toISOString().slice(0, 10)
  const noteLines = notes(report)
  return [
    `Measured on ${day} with \`${report.command}\` (${report.durationS.toFixed(0)} s).`,
    '',
    `Machine: ${machineLine(report.machine)}.`,
    '',
    markdownTable(ROW_HEADER, report.rows.map(rowCells)),
    '',
    '### Distributions',
    '',
    markdownTable(DISTRIBUTION_HEADER, report.distributions.map(distributionCells)),
    '',
    '### Notes',
    '',
    ...(noteLines.length > 0 ? noteLines.map((note) => `- ${note}`) : ['- Every target measured was met.']),
    '',
    '### How each figure is measured',
    '',
    ...report.method.map((line) => `- ${line}`),
  ].join('\n')
}

/**
 * `page` with `section` between the `sandbox-bench` markers, leaving everything else as it was;
 * the markers, with a heading, are appended when the page has none.
 */
export function withSection(page: string, section: string): string {
  return withMarkedSection(page, 'sandbox-bench', SECTION_INTRO, section)
}
