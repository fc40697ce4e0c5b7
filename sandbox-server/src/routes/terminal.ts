/**
 * @module `GET /api/sessions/:id/terminal?token=…`: the learner's shell over a WebSocket. The
 * upgrade always succeeds so the browser can read why it was refused: the socket is then closed
 * with 4401 (missing or wrong token) or 4404 (unknown session), checked in the same order as the
 * other session routes.
 */
import { Hono } from 'hono'
import type { UpgradeWebSocket, WSEvents } from 'hono/ws'
import type { WebSocket } from 'ws'
import { SandboxError } from '../errors.ts'
import type { Logger } from '../logger.ts'
import { authenticateRequest } from '../middleware/session-auth/index.ts'
import type { SandboxProvider } from '../sandbox/provider.ts'
import type { SessionManager } from '../sessions/session-manager.ts'
import { TerminalBridge } from '../terminal/terminal-bridge.ts'

/** WebSocket close codes of refused terminals, by HTTP status of the same refusal elsewhere. */
const CLOSE_CODES: Readonly<Record<number, number>> = { 401: 4401, 404: 4404 }
const CLOSE_INTERNAL_ERROR = 1011

export interface TerminalRoutesDeps {
  sessions: SessionManager
  provider: SandboxProvider
  upgradeWebSocket: UpgradeWebSocket<WebSocket>
  /** Socket bytes buffered before the shell's output is paused. */
  highWaterBytes: number
  logger: Logger
}

/** Events of a socket that is refused: it is closed as soon as it opens. */
function refusal(code: number, reason: string): WSEvents<WebSocket> {
  return {
    onOpen(_event, ws) {
      ws.close(code, reason)
    },
  }
}

/** Terminal route, to mount at `/api/sessions`. */
export function terminalRoutes({ sessions, provider, upgradeWebSocket, highWaterBytes, logger }: TerminalRoutesDeps): Hono {
  return new Hono().get(
    '/:id/terminal',
    upgradeWebSocket(async function terminalEvents(c): Promise<WSEvents<WebSocket>> {
      let session
      try {
        session = await sessions.refresh(authenticateRequest(sessions, c.req.param('id'), c.req.query('token')))
      } catch (error) {
        const closeCode = error instanceof SandboxError ? CLOSE_CODES[error.status] : undefined
        if (!(error instanceof SandboxError) || closeCode === undefined) throw error
        logger.warn('terminal.refused', { code: error.code })
        return refusal(closeCode, error.code)
      }
      const handle = session.handle
      if (session.state !== 'running' || !handle) return refusal(CLOSE_INTERNAL_ERROR, 'session stopped')

      const bridge = new TerminalBridge({
        open: (size) => provider.openTerminal(handle, size),
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
        },
        onClose() {
          bridge.detach()
        },
      }
    }),
  )
}
