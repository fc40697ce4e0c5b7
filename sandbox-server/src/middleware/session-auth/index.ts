/**
 * @module Bearer authentication of session routes. Order, on purpose: a request with no token at
 * all is refused (401) before any lookup; then an unknown or expired id answers 404 (as the API
 * contract says); then a token that is not that session's answers 401. So a caller without a
 * token learns nothing, and telling ids apart needs a guess of a 128-bit id.
 */
import type { MiddlewareHandler } from 'hono'
import { SandboxError } from '../../errors.ts'
import type { SessionManager } from '../../sessions/session-manager.ts'
import type { Session } from '../../sessions/store.ts'

declare module 'hono' {
  interface ContextVariableMap {
    /** The authenticated session of a session route. */
    session: Session
  }
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)$/i.exec(header?.trim() ?? '')
  return match?.[1]
}

/** Authenticates the `:id` route param with the `Authorization: Bearer` token; sets `c.var.session`. */
export const sessionAuth = ({ sessions }: { sessions: SessionManager }): MiddlewareHandler =>
  async function sessionAuth(c, next) {
    c.set('session', await authenticateRequest(sessions, c.req.param('id'), bearerToken(c.req.header('Authorization'))))
    await next()
  }

/**
 * The session `id` when `token` is its token.
 * @throws SandboxError 401 when the token is missing or wrong, 404 when the session is unknown
 */
export async function authenticateRequest(
  sessions: SessionManager,
  id: string | undefined,
  token: string | undefined,
): Promise<Session> {
  if (!token) throw new SandboxError({ code: 'missing_token', status: 401, message: 'auth.missing' })
  return sessions.authenticate(id ?? '', token)
}
