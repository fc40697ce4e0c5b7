/**
 * @module A tiny structured logger: one JSON line per event on stdout, so logs can be grepped and
 * shipped as they are.
 */

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

/**
 * Creates a logger writing one line per event.
 * @param write where lines go; stdout by default, a collector in tests
 */
export function createLogger(write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
  function log(level: string, event: string, fields: LogFields = {}): void {
    const entry: LogFields = { time: new Date().toISOString(), level, event }
    for (const [key, value] of Object.entries(fields)) {
      entry[key] = value instanceof Error ? describeError(value) : value
    }
    write(`${JSON.stringify(entry)}\n`)
  }
  return {
    info: (event, fields) => log('info', event, fields),
    warn: (event, fields) => log('warn', event, fields),
    error: (event, fields) => log('error', event, fields),
  }
}

/** A logger that drops everything, for tests that do not look at logs. */
export const silentLogger: Logger = createLogger(() => {})
