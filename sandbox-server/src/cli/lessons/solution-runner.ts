/**
 * @module Types an exercise's solution into a real terminal, one line at a time, as a learner
 * would: each line goes in only once the shell is back at its prompt. Completion is read from the
 * shell itself, not guessed from the prompt's look: before the first line the runner sets
 * `PROMPT_COMMAND` to print a marker, `<random tag>:<$?>:<sequence number>`, on a line of its own,
 * so every return to the prompt says which command finished and how. The typed setup line echoes as
 * `<tag> "$?"`, never `<tag>:<digits>`, so the echo cannot pass for a marker; the sequence number
 * makes a marker that a terminal multiplexer (tmux) draws again on a redraw harmless.
 */
import { randomBytes } from 'node:crypto'
import { StringDecoder } from 'node:string_decoder'
import type { Terminal } from '../../sandbox/provider.ts'

/** How one typed line ended. */
export interface LineResult {
  line: string
  exitCode: number
  seconds: number
}

/** What typing a whole solution did. */
export interface SolutionRun {
  /** The lines that finished, in order. */
  lines: LineResult[]
  /** What the terminal printed since the setup line, escape sequences included. */
  output: string
  /** Why the run stopped early (a line that never finished, the shell gone), in English. */
  problem?: string
}

export interface SolutionRunOptions {
  /** How long one line may run before the run is given up. */
  lineTimeoutMs: number
  /** How long the shell may take to show its first prompt. */
  startTimeoutMs: number
  /** Stops waiting (the caller is shutting down). */
  signal?: AbortSignal
  /** Marker tag; random unless a test fixes it. */
  tag?: string
}

/** Start of every marker tag; the rest is random hex. */
const TAG_PREFIX = 'verify-'
/** A marker at the end of a line of output (a command's output may lack its final newline). */
const MARKER_AT_END = new RegExp(`${TAG_PREFIX}[0-9a-f]+:\\d+:\\d+$`)

/**
 * The line typed before the solution. The leading space keeps it out of the history; the marker's
 * leading newline starts it in column 0, so it never wraps.
 */
export const promptHookLine = (tag: string): string =>
  ` __verify_n=0; PROMPT_COMMAND='printf "\\n%s:%s:%s\\n" ${tag} "$?" "$((++__verify_n))"'`

/** Reads the markers out of a terminal's output as it arrives. */
class MarkerReader {
  readonly #pattern: RegExp
  readonly #decoder = new StringDecoder('utf8')
  /** Exit code by sequence number. */
  readonly #exitCodes = new Map<number, number>()
  /** Where in the output the first marker ended: the setup is done and the solution's part begins. */
  #setupEnd = 0
  #output = ''
  #scanned = 0
  #ended: string | undefined
  #wake: () => void = () => {}

  constructor(tag: string) {
    // Any character after the digits (newline, or the escape tmux moves the cursor with) proves
    // the number complete when a chunk ends in the middle of a marker.
    this.#pattern = new RegExp(`${tag}:(\\d+):(\\d+)(?=\\D)`, 'g')
  }

  /** What the terminal printed from the first prompt on; all of it if there was none. */
  get output(): string {
    return this.#output.slice(this.#setupEnd)
  }

  push(chunk: Buffer): void {
    this.#output += this.#decoder.write(chunk)
    this.#pattern.lastIndex = this.#scanned
    for (let match = this.#pattern.exec(this.#output); match; match = this.#pattern.exec(this.#output)) {
      this.#exitCodes.set(Number(match[2]), Number(match[1]))
      this.#scanned = this.#pattern.lastIndex
      if (match[2] === '1') this.#setupEnd ||= this.#scanned
    }
    this.#wake()
  }

  end(reason: string): void {
    this.#ended ??= reason
    this.#wake()
  }

  /** The exit code carried by marker number `sequence` (from 1), once it appears. */
  async marker(sequence: number, timeoutMs: number, signal: AbortSignal | undefined): Promise<number> {
    return new Promise((resolve, reject) => {
      const settle = (): void => {
        const code = this.#exitCodes.get(sequence)
        if (code !== undefined) done(() => resolve(code))
        else if (this.#ended !== undefined) done(() => reject(new Error(this.#ended)))
        else if (signal?.aborted) done(() => reject(new Error('stopped')))
      }
      const timer = setTimeout(() => done(() => reject(new Error(`did not finish within ${timeoutMs / 1000} s`))), timeoutMs)
      const done = (finish: () => void): void => {
        clearTimeout(timer)
        this.#wake = () => {}
        signal?.removeEventListener('abort', settle)
        finish()
      }
      this.#wake = settle
      signal?.addEventListener('abort', settle)
      settle()
    })
  }
}

/**
 * Types `lines` into `terminal`'s shell and waits for each to finish. Never throws for what the
 * shell does; a line that hangs or a shell that ends is reported in `problem`.
 */
export async function runSolutionLines(
  terminal: Terminal,
  lines: readonly string[],
  { lineTimeoutMs, startTimeoutMs, signal, tag = `${TAG_PREFIX}${randomBytes(6).toString('hex')}` }: SolutionRunOptions,
): Promise<SolutionRun> {
  const reader = new MarkerReader(tag)
  const { stream } = terminal
  const onData = (chunk: Buffer): void => reader.push(chunk)
  const onEnd = (): void => reader.end('the shell ended')
  const onError = (error: Error): void => reader.end(`the terminal failed: ${error.message}`)
  stream.on('data', onData)
  stream.on('end', onEnd)
  stream.on('close', onEnd)
  stream.on('error', onError)
  const results: LineResult[] = []
  try {
    stream.write(`${promptHookLine(tag)}\r`)
    try {
      await reader.marker(1, startTimeoutMs, signal)
    } catch (error) {
      return { lines: results, output: reader.output, problem: `the shell never showed a prompt: ${(error as Error).message}` }
    }
    for (const [index, line] of lines.entries()) {
      const startedAt = performance.now()
      stream.write(`${line}\r`)
      try {
        const exitCode = await reader.marker(index + 2, lineTimeoutMs, signal)
        results.push({ line, exitCode, seconds: (performance.now() - startedAt) / 1000 })
      } catch (error) {
        return { lines: results, output: reader.output, problem: `line ${index + 1} (${line}) ${(error as Error).message}` }
      }
    }
    return { lines: results, output: reader.output }
  } finally {
    stream.off('data', onData)
    stream.off('end', onEnd)
    stream.off('close', onEnd)
    stream.off('error', onError)
  }
}

/**
 * The last `count` lines a person would have seen, roughly: escape sequences removed (a cursor
 * jump, which tmux uses instead of blank lines, becomes a line break), carriage-return overdraws
 * resolved, markers and runs of blank lines dropped.
 */
export function terminalTail(output: string, count: number): string[] {
  const text = output
    .replace(/\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g, '')
    .replace(/\x1b\[[\d;]*[Hf]/g, '\n')
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\x1b[ -/]*[0-~]/g, '')
    .replace(/[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]/g, '')
  const lines: string[] = []
  for (const raw of text.split('\n')) {
    const shown = raw.replace(/\r+$/, '').split('\r').at(-1) ?? ''
    const line = shown.replace(MARKER_AT_END, '').trimEnd()
    if (line === '' && MARKER_AT_END.test(shown)) {
      // The marker's own leading newline left a blank line above it.
      if (lines.at(-1) === '') lines.pop()
      continue
    }
    if (line === '' && (lines.length === 0 || lines.at(-1) === '')) continue
    lines.push(line)
  }
  while (lines.at(-1) === '') lines.pop()
  return lines.slice(-count)
}
