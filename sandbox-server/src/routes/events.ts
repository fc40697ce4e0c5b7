/**
 * @module `GET /api/sessions/:id/events`: Server-Sent Events the site draws the learner's inner
 * engine from, without polling. First a `snapshot` (containers with state, images with tags), then
 * one `container` or `image` event per engine event, a comment every `heartbeatMs` so proxies keep
 * the stream open, and a final `end` when the engine goes away (the session was deleted). The
 * engine's stream is closed as soon as the client leaves.
 */
import { Hono } from 'hono'
import { streamSSE, type SSEStreamingApi } from 'hono/streaming'
import { SandboxError } from '../errors.ts'
import type { Logger } from '../logger.ts'
import { t } from '../messages.ts'
import { runningSandbox } from '../middleware/running-sandbox/index.ts'
import { sessionAuth } from '../middleware/session-auth/index.ts'
import { validate } from '../middleware/validate/index.ts'
import type { EngineEvent, SandboxHandle, SandboxProvider } from '../sandbox/provider.ts'
import type { SessionManager } from '../sessions/session-manager.ts'
import { SessionParamsSchema } from './sessions.ts'

/** How often an idle stream sends a comment. */
export const EVENTS_HEARTBEAT_MS = 15_000

export interface EventRoutesDeps {
  sessions: SessionManager
  provider: SandboxProvider
  logger: Logger
  /** EVENTS_HEARTBEAT_MS by default. */
  heartbeatMs?: number
}

/** Relays the engine to `stream` until either side ends. */
async function relayEngine(
  stream: SSEStreamingApi,
  provider: SandboxProvider,
  handle: SandboxHandle,
  heartbeatMs: number,
): Promise<void> {
  const stop = new AbortController()
  stream.onAbort(() => stop.abort())
  const heartbeat = setInterval(() => void stream.write(': heartbeat\n\n'), heartbeatMs)
  const events = provider.engineEvents(handle, stop.signal)[Symbol.asyncIterator]()
  try {
    // Opens the engine's stream before the snapshot is taken, so no event falls between the two.
    const first = events.next()
    // Awaited below; until then a failure must not count as unhandled.
    first.catch(() => {})
    await stream.writeSSE({ event: 'snapshot', data: JSON.stringify(await provider.engineSnapshot(handle)) })
    for (let next: IteratorResult<EngineEvent> = await first; !next.done; next = await events.next()) {
      await stream.writeSSE({ event: next.value.type, data: JSON.stringify(next.value) })
    }
    if (!stream.aborted) await stream.writeSSE({ event: 'end', data: '{}' })
  } finally {
    clearInterval(heartbeat)
    stop.abort()
    await events.return?.()
  }
}

/** Engine event route, to mount at `/api/sessions`. */
export function eventRoutes({ sessions, provider, logger, heartbeatMs = EVENTS_HEARTBEAT_MS }: EventRoutesDeps): Hono {
  return new Hono().get(
    '/:id/events',
    validate('param', SessionParamsSchema()),
    sessionAuth({ sessions }),
    runningSandbox({ sessions }),
    function streamEvents(c) {
      const handle = c.var.sandbox
      const logFields = { sessionId: handle.sessionId }
      return streamSSE(c, async function relay(stream) {
        logger.info('events.opened', logFields)
        try {
          await relayEngine(stream, provider, handle, heartbeatMs)
        } catch (error) {
          // The status line is sent already: the failure can only be told as a last event.
          logger.warn('events.failed', { ...logFields, error })
          const code = error instanceof SandboxError ? error.code : 'engine_unavailable'
          await stream.writeSSE({ event: 'error', data: JSON.stringify({ code, message: t('sandbox.engineUnavailable') }) })
        }
        logger.info('events.closed', logFields)
      })
    },
  )
}
