/**
 * @module Origin allow-list for WebSocket upgrades, against cross-site WebSocket hijacking: CORS
 * does not cover WebSockets, so without this any page a learner visits could open their terminal
 * with the learner's ticket-fetching credentials. Browsers always send `Origin` on a WebSocket;
 * a request without one comes from a non-browser client (a CLI, a test), which is let through
 * because it still needs a ticket.
 */
import type { MiddlewareHandler } from 'hono'
import { SandboxError } from '../../errors.ts'

/**
 * The origins allowed by default: the server itself on `port`, by name and by loopback address,
 * and the public address when the server sits behind a proxy.
 */
export function defaultAllowedOrigins(port: number, publicUrl?: string): string[] {
  const origins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`]
  if (publicUrl) origins.push(new URL(publicUrl).origin)
  return origins
}

/**
 * Refuses a request whose `Origin` header is present and not exactly one of `allowed`.
 * @throws SandboxError 403 `origin_not_allowed`
 */
export const originCheck = ({ allowed }: { allowed: readonly string[] }): MiddlewareHandler => {
  const origins = new Set(allowed)
  return async function originCheck(c, next) {
    const origin = c.req.header('Origin')
    if (origin !== undefined && !origins.has(origin)) {
      throw new SandboxError({
        code: 'origin_not_allowed',
        status: 403,
        message: 'request.originNotAllowed',
        logMessage: `refused origin ${JSON.stringify(origin)}`,
      })
    }
    await next()
  }
}
