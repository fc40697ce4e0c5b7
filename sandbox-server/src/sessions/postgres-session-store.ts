/**
 * @module Sessions in PostgreSQL (when `DATABASE_URL` is set): the SQLite store's table, migrations
 * and rows, on the shared pool, so servers behind one database see the same sessions.
 */
import { migratePostgres, type PostgresDatabase } from './postgres-database.ts'
import { MIGRATIONS, toSession, type SessionRow } from './sqlite-session-store.ts'
import type { Session, SessionStore } from './store.ts'

const COLUMNS = 'id, token_hash, created_at, expires_at, last_active_at, state, handle'

/** A SessionStore in PostgreSQL. */
export class PostgresSessionStore implements SessionStore {
  readonly #database: PostgresDatabase

  private constructor(database: PostgresDatabase) {
    this.#database = database
  }

  /** Migrates the session tables of `database` and answers a store on it. */
  static async open(database: PostgresDatabase): Promise<PostgresSessionStore> {
    await migratePostgres(database, MIGRATIONS, 'schema_migrations')
    return new PostgresSessionStore(database)
  }

  async get(id: string): Promise<Session | undefined> {
    const { rows } = await this.#database.pool.query<SessionRow>(`SELECT ${COLUMNS} FROM sessions WHERE id = $1`, [id])
    return rows[0] && toSession(rows[0])
  }

  async put(session: Session): Promise<void> {
    await this.#database.pool.query(
      `INSERT INTO sessions (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at,
         expires_at = excluded.expires_at, last_active_at = excluded.last_active_at, state = excluded.state,
         handle = excluded.handle`,
      [
        session.id,
        session.tokenHash,
        session.createdAt,
        session.expiresAt,
        session.lastActiveAt,
        session.state,
        session.handle === null ? null : JSON.stringify(session.handle),
      ],
    )
  }

  async delete(id: string): Promise<void> {
    await this.#database.pool.query('DELETE FROM sessions WHERE id = $1', [id])
  }

  async list(): Promise<Session[]> {
    const { rows } = await this.#database.pool.query<SessionRow>(`SELECT ${COLUMNS} FROM sessions ORDER BY created_at`)
    return rows.map(toSession)
  }

  /** Nothing of its own to release: the pool is the database's, closed by whoever opened it. */
  async close(): Promise<void> {}
}
