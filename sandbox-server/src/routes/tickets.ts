/**
 * @module `POST /api/sessions/:id/tickets`: a single-use, short-lived ticket that opens the
 * session's terminal WebSocket (see `sessions/tickets.ts`), so the session token never goes into a
 * URL.
 */
import { Hono } from 'hono'
import { sessionAuth } from '../middleware/session-auth/index.ts'
import { validate } from '../middleware/validate/index.ts'
import type { SessionManager } from '../sessions/session-manager.ts'
import type { TicketBook } from '../sessions/tickets.ts'
import { SessionParamsSchema } from './sessions.ts'

/** Ticket route, to mount at `/api/sessions`. */
export function ticketRoutes({ sessions, tickets }: { sessions: SessionManager; tickets: TicketBook }): Hono {
  return new Hono().post(
    '/:id/tickets',
    validate('param', SessionParamsSchema()),
    sessionAuth({ sessions }),
    function issueTicket(c) {
      const { ticket, expiresAt } = tickets.issue(c.var.session.id)
      return c.json({ ticket, expiresAt: new Date(expiresAt).toISOString() }, 201)
    },
  )
}
