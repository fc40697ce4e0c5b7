/**
 * @module Where sessions live. `SessionStore` is the seam: `SqliteSessionStore` keeps them in a file
 * so a restarted server adopts its learners' workstations again; `MemorySessionStore` keeps them in
 * a Map for unit tests. The interface is async so a networked database can fill it too. Records are
 * plain JSON; only a token's hash is ever stored.
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
  /** Epoch milliseconds of the last sign of the learner (creation, terminal input, a running inner container). */
  lastActiveAt: number
  state: SessionState
  /** The sandbox, once the provider has started it. */
  handle: SandboxHandle | null
}

/** Keeps sessions by id. */
export interface SessionStore {
  get(id: string): Promise<Session | undefined>
  /** Inserts or replaces the session with this id. */
  put(session: Session): Promise<void>
  delete(id: string): Promise<void>
  list(): Promise<Session[]>
  /** Releases the store's resources; it is not used afterwards. */
  close(): Promise<void>
}

/** A SessionStore in process memory. */
export class MemorySessionStore implements SessionStore {
  readonly #sessions = new Map<string, Session>()

  async get(id: string): Promise<Session | undefined> {
    return this.#sessions.get(id)
  }

  async put(session: Session): Promise<void> {
    this.#sessions.set(session.id, session)
  }

  async delete(id: string): Promise<void> {
    this.#sessions.delete(id)
  }

  async list(): Promise<Session[]> {
    return [...this.#sessions.values()]
  }

  async close(): Promise<void> {}
}
