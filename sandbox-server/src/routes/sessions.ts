/**
 * @module `POST /api/sessions`, `GET` and `DELETE /api/sessions/:id`: a learner's session and the
 * sandbox behind it. `GET` carries the disk watcher's `notice` when the learner's disk is full or the
 * session was stopped for passing its quota.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { clientAddress } from '../middleware/rate-limit/index.ts'
import { sessionAuth } from '../middleware/session-auth/index.ts'
import { validate } from '../middleware/validate/index.ts'
import { SessionIdSchema } from '../sessions/credentials.ts'
import type { DiskWatcher } from '../sessions/disk-watcher.ts'
import type { SessionManager } from '../sessions/session-manager.ts'

/** The `:id` param every session route has. */
export const SessionParamsSchema = () => z.object({ id: SessionIdSchema() })

/** Session routes, to mount at `/api/sessions`. */
export function sessionRoutes({
  sessions,
  diskNotices,
}: {
  sessions: SessionManager
  diskNotices: Pick<DiskWatcher, 'noticeFor'>
}): Hono {
  const params = validate('param', SessionParamsSchema())
  const auth = sessionAuth({ sessions })
  return new Hono()
    .post('/', async function createSession(c) {
      // Keyed like the rate limit: one client (IP address) holds at most `MAX_SESSIONS_PER_CLIENT`.
      const { session, token } = await sessions.create(clientAddress(c))
      return c.json({ id: session.id, token, expiresAt: new Date(session.expiresAt).toISOString() }, 201)
    })
    .get('/:id', params, auth, async function getSession(c) {
      const session = await sessions.refresh(c.var.session)
      const notice = diskNotices.noticeFor(session.id)
      return c.json({
        id: session.id,
        state: session.state,
        expiresAt: new Date(session.expiresAt).toISOString(),
        ...(notice ? { notice } : {}),
      })
    })
    .delete('/:id', params, auth, async function deleteSession(c) {
      await sessions.destroy(c.var.session.id, 'deleted')
      return c.body(null, 204)
    })
}
