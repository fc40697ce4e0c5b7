/**
 * @module `runningSandbox()`: for session routes that reach into the workstation (files, engine
 * events, ports). After `sessionAuth`, it brings the session's state up to date and sets
 * `c.var.sandbox` to the handle of its running workstation, or answers 409 `session_stopped`.
 */
import type { MiddlewareHandler } from 'hono'
import { SandboxError } from '../../errors.ts'
import type { SandboxHandle } from '../../sandbox/provider.ts'
import type { SessionManager } from '../../sessions/session-manager.ts'
import type { Session } from '../../sessions/store.ts'

declare module 'hono' {
  interface ContextVariableMap {
    /** The running workstation of the authenticated session. */
    sandbox: SandboxHandle
  }
}

/**
 * The handle of `session`'s workstation, with its state refreshed.
 * @throws SandboxError 409 `session_stopped` when the workstation is not running
 */
export async function runningHandle(sessions: SessionManager, session: Session): Promise<SandboxHandle> {
  const refreshed = await sessions.refresh(session)
  if (refreshed.state !== 'running' || !refreshed.handle) {
    throw new SandboxError({ code: 'session_stopped', status: 409, message: 'session.stopped' })
  }
  return refreshed.handle
}

/** Sets `c.var.sandbox`; mount after `sessionAuth`. */
export const runningSandbox = ({ sessions }: { sessions: SessionManager }): MiddlewareHandler =>
  async function runningSandbox(c, next) {
    c.set('sandbox', await runningHandle(sessions, c.var.session))
    await next()
  }
