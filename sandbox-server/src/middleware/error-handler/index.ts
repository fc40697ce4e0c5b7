/**
 * @module The one place errors become answers: a `SandboxError` is answered with its status,
 * `{"error":{"code","message"}}` and `Retry-After` when it has one; anything else is logged with its stack and answered 500 in Korean.
 */
import type { ErrorHandler, NotFoundHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { Counter } from 'prom-client'
import { errorBody, SandboxError } from '../../errors.ts'
import type { Logger } from '../../logger.ts'
import { t } from '../../messages.ts'

/** The session id in a session route's path, so its failures are found with its other events. */
const SESSION_PATH = /^\/api\/sessions\/([0-9a-f]{32})(?:\/|$)/

/**
 * `app.onError` handler mapping errors to JSON answers.
 * @param errors counts every error answered, by code
 */
export const errorHandler = ({ logger, errors }: { logger: Logger; errors?: Counter<'code'> }): ErrorHandler =>
  function errorHandler(thrown, c) {
    const error = asSandboxError(thrown)
    const sessionId = SESSION_PATH.exec(c.req.path)?.[1]
    errors?.inc({ code: error instanceof SandboxError ? error.code : 'internal_error' })
    if (error instanceof SandboxError) {
      const serverSide = error.status >= 500
      ;(serverSide ? logger.error : logger.warn)('request.failed', {
        method: c.req.method,
        path: c.req.path,
        ...(sessionId ? { sessionId } : {}),
        status: error.status,
        code: error.code,
        // A learner's 4xx needs no stack; a server-side failure needs the whole chain.
        ...(serverSide ? { error } : { detail: error.message }),
      })
      if (error.retryAfterSeconds !== undefined) c.header('Retry-After', String(error.retryAfterSeconds))
      return c.json(errorBody(error.code, error.userMessage), error.status)
    }
    logger.error('request.crashed', { method: c.req.method, path: c.req.path, ...(sessionId ? { sessionId } : {}), error })
    return c.json(errorBody('internal_error', t('server.internal')), 500)
  }

/**
 * Hono's JSON validator rejects a body that does not parse with its own 400 before zod sees it: that
 * is the learner's bad request, not a server failure.
 */
function asSandboxError(error: Error): Error {
  if (!(error instanceof HTTPException) || error.status !== 400) return error
  return new SandboxError({ code: 'invalid_request', status: 400, message: 'request.invalid', logMessage: error.message, cause: error })
}

/** `app.notFound` handler for API paths. */
export const apiNotFound: NotFoundHandler = function apiNotFound(c) {
  return c.json(errorBody('not_found', t('request.notFound')), 404)
}
