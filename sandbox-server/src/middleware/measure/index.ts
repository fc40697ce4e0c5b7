/**
 * @module `measure({ seconds, outcomes })`: times the rest of the request into a histogram and,
 * when given a counter, counts its outcome: `ok`, or the stable code of the error it failed with.
 * Hono has already turned a thrown error into the answer when `next()` returns, and left it in
 * `c.error`.
 */
import type { MiddlewareHandler } from 'hono'
import type { Counter, Histogram } from 'prom-client'
import { SandboxError } from '../../errors.ts'

export interface MeasureOptions {
  seconds: Histogram
  /** Counted with `result` = `ok` or the error code. */
  outcomes?: Counter<'result'>
}

/** Records how long the request took and how it ended. */
export const measure = ({ seconds, outcomes }: MeasureOptions): MiddlewareHandler =>
  async function measure(c, next) {
    const stop = seconds.startTimer()
    await next()
    stop()
    if (!outcomes) return
    const { error } = c
    outcomes.inc({ result: error === undefined ? 'ok' : error instanceof SandboxError ? error.code : 'internal_error' })
  }
