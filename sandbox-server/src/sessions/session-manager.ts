/**
 * @module The life of a session: created with a sandbox, authenticated on every request, reaped
 * when it expires, destroyed on request or at shutdown. It also sweeps sandboxes no live session
 * owns (left by a crash or a restart of the in-memory store).
 */
import { SandboxError } from '../errors.ts'
import type { Logger } from '../logger.ts'
import type { SandboxProvider } from '../sandbox/provider.ts'
import type { Settings } from '../settings.ts'
import { hashToken, newSessionId, newToken, tokenMatches } from './credentials.ts'
import type { Session, SessionStore } from './store.ts'

export interface SessionManagerOptions {
  store: SessionStore
  provider: SandboxProvider
  settings: Pick<Settings, 'sessionTtlMs' | 'maxSessions'>
  logger: Logger
  /** Clock, in epoch milliseconds; tests move it. */
  now?: () => number
}

/** A new session and the token only its creator ever sees. */
export interface CreatedSession {
  session: Session
  token: string
}

/** Creates, finds, authenticates and destroys sessions. */
export class SessionManager {
  readonly #store: SessionStore
  readonly #provider: SandboxProvider
  readonly #settings: SessionManagerOptions['settings']
  readonly #logger: Logger
  readonly #now: () => number

  constructor({ store, provider, settings, logger, now = Date.now }: SessionManagerOptions) {
    this.#store = store
    this.#provider = provider
    this.#settings = settings
    this.#logger = logger
    this.#now = now
  }

  /** Starts a session and its sandbox; resolves once the sandbox's engine answers. */
  async create(): Promise<CreatedSession> {
    if (this.#store.list().length >= this.#settings.maxSessions) {
      throw new SandboxError({
        code: 'capacity_reached',
        status: 503,
        message: 'session.capacity',
        logMessage: `refused a session: ${this.#settings.maxSessions} are alive`,
      })
    }
    const startedAt = this.#now()
    const token = newToken()
    const session: Session = {
      id: newSessionId(),
      tokenHash: hashToken(token),
      createdAt: startedAt,
      expiresAt: startedAt + this.#settings.sessionTtlMs,
      state: 'starting',
      handle: null,
    }
    // Stored before the sandbox starts so the orphan sweep and shutdown see it.
    this.#store.put(session)
    try {
      const handle = await this.#provider.create(session.id)
      const running: Session = { ...session, state: 'running', handle }
      this.#store.put(running)
      this.#logger.info('session.created', {
        sessionId: session.id,
        containerId: handle.containerId,
        isolation: this.#provider.isolation,
        durationMs: this.#now() - startedAt,
      })
      return { session: running, token }
    } catch (error) {
      this.#store.delete(session.id)
      this.#logger.error('session.create-failed', { sessionId: session.id, durationMs: this.#now() - startedAt, error })
      throw error
    }
  }

  /** The live session with this id; an expired one is reaped on the spot and reads as absent. */
  find(id: string): Session | undefined {
    const session = this.#store.get(id)
    if (session && session.expiresAt <= this.#now()) {
      void this.destroy(id, 'expired')
      return undefined
    }
    return session
  }

  /**
   * The session `id` if `token` is its token.
   * @throws SandboxError 404 when no live session has this id, 401 when the token is not its token
   */
  authenticate(id: string, token: string): Session {
    const session = this.find(id)
    if (!session) {
      throw new SandboxError({ code: 'session_not_found', status: 404, message: 'session.notFound' })
    }
    if (!tokenMatches(token, session.tokenHash)) {
      throw new SandboxError({
        code: 'invalid_token',
        status: 401,
        message: 'auth.invalid',
        logMessage: `wrong token for session ${id}`,
      })
    }
    return session
  }

  /** The session with its state brought up to date: a running session whose workstation exited becomes `stopped`. */
  async refresh(session: Session): Promise<Session> {
    if (session.state !== 'running' || !session.handle) return session
    const exit = await this.#provider.poll(session.handle)
    if (!exit) return session
    const stopped: Session = { ...session, state: 'stopped' }
    this.#store.put(stopped)
    this.#logger.warn('session.sandbox-stopped', { sessionId: session.id, ...exit })
    return stopped
  }

  /** Forgets the session and removes its sandbox. Never throws: a failed removal is logged and left to the sweep. */
  async destroy(id: string, reason: string): Promise<void> {
    const session = this.#store.get(id)
    if (!session) return
    this.#store.delete(id)
    const startedAt = this.#now()
    try {
      if (session.handle) await this.#provider.destroy(session.handle)
      this.#logger.info('session.destroyed', {
        sessionId: id,
        reason,
        lifetimeMs: startedAt - session.createdAt,
        durationMs: this.#now() - startedAt,
      })
    } catch (error) {
      this.#logger.error('session.destroy-failed', { sessionId: id, reason, error })
    }
  }

  /** Destroys every expired session; returns how many. */
  async reapExpired(): Promise<number> {
    const expired = this.#store.list().filter((session) => session.expiresAt <= this.#now())
    await Promise.all(expired.map((session) => this.destroy(session.id, 'expired')))
    return expired.length
  }

  /** Removes sandboxes that no stored session owns; returns how many. */
  async sweepOrphans(): Promise<number> {
    const orphans = (await this.#provider.listManaged()).filter((handle) => !this.#store.get(handle.sessionId))
    await Promise.all(
      orphans.map(async (handle) => {
        try {
          await this.#provider.destroy(handle)
          this.#logger.info('sandbox.orphan-removed', { sessionId: handle.sessionId })
        } catch (error) {
          this.#logger.error('sandbox.orphan-remove-failed', { sessionId: handle.sessionId, error })
        }
      }),
    )
    return orphans.length
  }

  /** Destroys every session (shutdown: the in-memory store cannot adopt them after a restart). */
  async destroyAll(reason: string): Promise<void> {
    await Promise.all(this.#store.list().map((session) => this.destroy(session.id, reason)))
  }

  /**
   * Reaps expired sessions and sweeps orphans every `intervalMs`.
   * @returns a function that stops the reaper
   */
  startReaper(intervalMs: number): () => void {
    const reap = async (): Promise<void> => {
      try {
        await this.reapExpired()
        await this.sweepOrphans()
      } catch (error) {
        this.#logger.error('reaper.failed', { error })
      }
    }
    const timer = setInterval(() => void reap(), intervalMs)
    timer.unref()
    return () => clearInterval(timer)
  }
}
