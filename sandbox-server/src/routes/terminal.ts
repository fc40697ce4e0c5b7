/**
 * @module `GET /api/sessions/:id/terminal?ticket=…`: the learner's shell over a WebSocket, opened
 * with a single-use ticket from `POST /api/sessions/:id/tickets` (never the session token). A
 * foreign `Origin` is refused with 403 before the upgrade. Otherwise the upgrade always succeeds so
 * the browser can read why it was refused: the socket is then closed with 4401 (missing, wrong,
 * expired or replayed ticket) or 4404 (unknown session), checked in the same order as the other
 * session routes.
 */
import { Hono } from 'hono'
import type { UpgradeWebSocket, WSEvents } from 'hono/ws'
import type { WebSocket } from 'ws'
import { z } from 'zod'
import { SandboxError } from '../errors.ts'
import type { Logger } from '../logger.ts'
import { timed, type Metrics } from '../metrics.ts'
import { originCheck } from '../middleware/origin-check/index.ts'
import type { SandboxProvider } from '../sandbox/provider.ts'
import type { SessionManager } from '../sessions/session-manager.ts'
import type { Session } from '../sessions/store.ts'
import { TicketSchema, type TicketBook } from '../sessions/tickets.ts'
import { TerminalBridge } from '../terminal/terminal-bridge.ts'

/** The terminal's query. A bad ticket is not a 400: the socket is refused with 4401 like a wrong one. */
export const TerminalQuerySchema = () => z.object({ ticket: TicketSchema() })

/** WebSocket close codes of refused terminals, by HTTP status of the same refusal elsewhere. */
const CLOSE_CODES: Readonly<Record<number, number>> = { 401: 4401, 404: 4404 }
const CLOSE_INTERNAL_ERROR = 1011

export interface TerminalRoutesDeps {
  sessions: SessionManager
  tickets: TicketBook
  provider: SandboxProvider
  /** Origins that may open a terminal; see `middleware/origin-check`. */
  allowedOrigins: readonly string[]
  upgradeWebSocket: UpgradeWebSocket<WebSocket>
  /** Socket bytes buffered before the shell's output is paused. */
  highWaterBytes: number
  logger: Logger
  metrics: Pick<Metrics, 'terminalAttachSeconds' | 'errors'>
}

/** Events of a socket that is refused: it is closed as soon as it opens. */
export function refusal(code: number, reason: string): WSEvents<WebSocket> {
  return {
    onOpen(_event, ws) {
      ws.close(code, reason)
    },
  }
}

/**
 * The session `id` when `ticket` opens it. Once the session is found the ticket is consumed,
 * whether it opens this session or not.
 * @throws SandboxError 401 when the ticket is missing, wrong, expired or used, 404 when the session is unknown
 */
export async function redeemTicket(
  sessions: SessionManager,
  tickets: TicketBook,
  id: string,
  ticket: string | undefined,
): Promise<Session> {
  if (!ticket) throw new SandboxError({ code: 'missing_ticket', status: 401, message: 'auth.missing' })
  const session = await sessions.find(id)
  if (!session) throw new SandboxError({ code: 'session_not_found', status: 404, message: 'session.notFound' })
  if (!TerminalQuerySchema().safeParse({ ticket }).success || !tickets.redeem(id, ticket)) {
    throw new SandboxError({
      code: 'invalid_ticket',
      status: 401,
      message: 'auth.invalid',
      logMessage: `wrong, expired or used ticket for session ${id}`,
    })
  }
  return session
}

/** Terminal route, to mount at `/api/sessions`. */
export function terminalRoutes({
  sessions,
  tickets,
  provider,
  allowedOrigins,
  upgradeWebSocket,
  highWaterBytes,
  logger,
  metrics,
}: TerminalRoutesDeps): Hono {
  return new Hono().get(
    '/:id/terminal',
    originCheck({ allowed: allowedOrigins }),
    upgradeWebSocket(async function terminalEvents(c): Promise<WSEvents<WebSocket>> {
      let session
      try {
        const redeemed = await redeemTicket(sessions, tickets, c.req.param('id') ?? '', c.req.query('ticket'))
        session = await sessions.refresh(redeemed)
      } catch (error) {
        const closeCode = error instanceof SandboxError ? CLOSE_CODES[error.status] : undefined
        if (!(error instanceof SandboxError) || closeCode === undefined) throw error
        logger.warn('terminal.refused', { sessionId: c.req.param('id'), code: error.code })
        metrics.errors.inc({ code: error.code })
        return refusal(closeCode, error.code)
      }
      const handle = session.handle
      if (session.state !== 'running' || !handle) return refusal(CLOSE_INTERNAL_ERROR, 'session stopped')

      const bridge = new TerminalBridge({
        open: (size) => timed(metrics.terminalAttachSeconds, () => provider.openTerminal(handle, size)),
        highWaterBytes,
        logger,
        logFields: { sessionId: session.id },
      })
      return {
        onOpen(_event, ws) {
          if (ws.raw) bridge.attach(ws.raw)
        },
        onMessage(event) {
          bridge.receive(event.data)
          // Typing keeps the session from the idle reaper; the manager debounces the writes.
          void sessions.touch(handle.sessionId)
        },
        onClose() {
          bridge.detach()
        },
      }
    }),
  )
}
