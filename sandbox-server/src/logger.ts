/**
 * @module Structured logs: pino behind the server's small `Logger` interface, one JSON line per
 * event (`{"level","time","pid","hostname",…fields,"event"}`), so logs can be grepped and shipped as
 * they are. Errors in any field become plain JSON with their cause chain.
 */
import { pino } from 'pino'

export type LogFields = Record<string, unknown>

/** Writes events as JSON lines. */
export interface Logger {
  info(event: string, fields?: LogFields): void
  warn(event: string, fields?: LogFields): void
  error(event: string, fields?: LogFields): void
}

/** Turns an Error (and its cause chain) into plain JSON fields. */
export function describeError(error: unknown): LogFields {
  if (!(error instanceof Error)) return { message: String(error) }
  const fields: LogFields = { name: error.name, message: error.message }
  if ('code' in error && error.code !== undefined) fields.code = error.code
  if ('statusCode' in error && error.statusCode !== undefined) fields.statusCode = error.statusCode
  if (error.stack) fields.stack = error.stack
  if (error.cause !== undefined) fields.cause = describeError(error.cause)
  return fields
}

function describeErrors(fields: LogFields): LogFields {
  const described: LogFields = {}
  for (const [key, value] of Object.entries(fields)) described[key] = value instanceof Error ? describeError(value) : value
  return described
}

/**
 * Creates a logger writing one line per event.
 * @param write where lines go; stdout (synchronously, so nothing is lost at exit) by default, a collector in tests
 */
export function createLogger(write?: (line: string) => void): Logger {
  const destination = write ? { write } : pino.destination({ dest: 1, sync: true })
  const log = pino(
    {
      messageKey: 'event',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }), log: describeErrors },
    },
    destination,
  )
  return {
    info: (event, fields = {}) => log.info(fields, event),
    warn: (event, fields = {}) => log.warn(fields, event),
    error: (event, fields = {}) => log.error(fields, event),
  }
}

/** A logger that drops everything, for tests that do not look at logs. */
export const silentLogger: Logger = createLogger(() => {})
