/**
 * @module Where sessions live. `SessionStore` is the seam a persistent store (SQLite) will fill;
 * `MemorySessionStore` keeps them in a Map for now, so a restart forgets them (and the orphan sweep
 * removes their sandboxes). Records are plain JSON.
 */
import type { SandboxHandle } from '../sandbox/provider.ts'

/** Lifecycle of a session, as `GET /api/sessions/:id` reports it. */
export type SessionState = 'starting' | 'running' | 'stopped'

/** One learner's session. */
export interface Session {
  id: string
  /** SHA-256 of the bearer token, hex. */
  tokenHash: string
  /** Epoch milliseconds. */
  createdAt: number
  /** Epoch milliseconds after which the session is reaped. */
  expiresAt: number
  state: SessionState
  /** The sandbox, once the provider has started it. */
  handle: SandboxHandle | null
}

/** Keeps sessions by id. */
export interface SessionStore {
  get(id: string): Session | undefined
  /** Inserts or replaces the session with this id. */
  put(session: Session): void
  delete(id: string): void
  list(): Session[]
}

/** A SessionStore in process memory. */
export class MemorySessionStore implements SessionStore {
  readonly #sessions = new Map<string, Session>()

  get(id: string): Session | undefined {
    return this.#sessions.get(id)
  }

  put(session: Session): void {
    this.#sessions.set(session.id, session)
  }

  delete(id: string): void {
    this.#sessions.delete(id)
  }

  list(): Session[] {
    return [...this.#sessions.values()]
  }
}
