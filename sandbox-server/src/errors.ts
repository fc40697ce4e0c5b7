/**
 * @module The server's one error type. A `SandboxError` carries a stable `code` (for clients and
 * metrics), the Korean message the learner sees, a separate English message for the log, and the
 * HTTP status. `app.onError` turns it into `{"error":{"code","message"}}`.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { t, type MessageKey } from './messages.ts'

export interface SandboxErrorOptions {
  /** Stable snake_case code, e.g. `session_not_found`. */
  code: string
  /** HTTP status of the answer. */
  status: ContentfulStatusCode
  /** Key of the Korean message shown to the learner. */
  message: MessageKey
  /** English detail for the log; defaults to the code. */
  logMessage?: string
  /** Seconds after which trying again may succeed; answered as `Retry-After`. */
  retryAfterSeconds?: number
  cause?: unknown
}

/** A failure the learner is told about, with the status and code it is answered with. */
export class SandboxError extends Error {
  readonly code: string
  readonly status: ContentfulStatusCode
  /** Korean sentence for the learner. */
  readonly userMessage: string
  readonly retryAfterSeconds: number | undefined

  constructor({ code, status, message, logMessage, retryAfterSeconds, cause }: SandboxErrorOptions) {
    super(logMessage ?? code, { cause })
    this.name = 'SandboxError'
    this.code = code
    this.status = status
    this.userMessage = t(message)
    this.retryAfterSeconds = retryAfterSeconds
  }
}

/** The JSON body every error answer has. */
export function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } }
}
