/**
 * @module The instructor's view of a learner's terminal: `GET /api/classroom/mirror/:memberId?ticket=…`
 * (a WebSocket, opened with a single-use ticket from `POST /api/classes/:classId/members/:memberId/tickets`)
 * shows the learner's own tmux session read-only. The instructor's keys never reach the shell: the
 * socket passes only resize messages, and tmux itself keeps the client from typing or resizing.
 */
import { Hono } from 'hono'
import type { UpgradeWebSocket, WSEvents } from 'hono/ws'
import type { WebSocket } from 'ws'
import type { Logger } from '../logger.ts'
import { originCheck } from '../middleware/origin-check/index.ts'
import { refusal } from '../routes/terminal.ts'
import type { SandboxProvider } from '../sandbox/provider.ts'
import type { SessionManager } from '../sessions/session-manager.ts'
import { TicketSchema, type TicketBook } from '../sessions/tickets.ts'
import { TerminalBridge } from '../terminal/terminal-bridge.ts'
import type { ClassroomService } from './service.ts'

const CLOSE_UNAUTHORIZED = 4401
const CLOSE_NO_SANDBOX = 4404

export interface MirrorRoutesDeps {
  classroom: ClassroomService
  sessions: SessionManager
  provider: SandboxProvider
  /** Mirror tickets, keyed by member id; a book of their own, so none opens a learner's writable terminal. */
  tickets: TicketBook
  allowedOrigins: readonly string[]
  upgradeWebSocket: UpgradeWebSocket<WebSocket>
  highWaterBytes: number
  logger: Logger
}

/** Mirror route, to mount at `/api/classroom`. */
export function mirrorRoutes({ classroom, sessions, provider, tickets, allowedOrigins, upgradeWebSocket, highWaterBytes, logger }: MirrorRoutesDeps): Hono {
  return new Hono().get(
    '/mirror/:memberId',
    originCheck({ allowed: allowedOrigins }),
    upgradeWebSocket(async function mirrorEvents(c): Promise<WSEvents<WebSocket>> {
      const memberId = c.req.param('memberId') ?? ''
      const ticket = c.req.query('ticket') ?? ''
      if (!TicketSchema().safeParse(ticket).success || !tickets.redeem(memberId, ticket)) {
        logger.warn('mirror.refused', { memberId })
        return refusal(CLOSE_UNAUTHORIZED, 'invalid_ticket')
      }
      const sessionId = await classroom.sessionOfMember(memberId)
      const session = sessionId ? await sessions.find(sessionId) : undefined
      const handle = session?.handle
      if (!session || session.state !== 'running' || !handle) return refusal(CLOSE_NO_SANDBOX, 'no_sandbox')

      const bridge = new TerminalBridge({
        open: (size) => provider.openTerminal(handle, size, { readOnly: true }),
        highWaterBytes,
        logger,
        logFields: { sessionId: session.id, memberId, mirror: true },
      })
      return {
        onOpen(_event, ws) {
          if (ws.raw) bridge.attach(ws.raw)
        },
        onMessage(event) {
          // Only the mirror's own size (a text control frame); bytes would be keystrokes.
          if (typeof event.data === 'string') bridge.receive(event.data)
        },
        onClose() {
          bridge.detach()
        },
      }
    }),
  )
}
