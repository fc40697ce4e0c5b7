/**
 * @module Sessions in PostgreSQL (when `DATABASE_URL` is set): the SQLite store's table, migrations
 * and rows, on the shared pool, so servers behind one database see the same sessions.
 */
import { migratePostgres, PostgresStore, type PostgresDatabase } from './postgres-database.ts'
import { MIGRATIONS, toSession, toSessionValues, type SessionRow } from './sqlite-session-store.ts'
import type { Session, SessionStore } from './store.ts'

const COLUMNS = 'id, token_hash, created_at, expires_at, last_active_at, state, handle'

/** A SessionStore in PostgreSQL. */
export class PostgresSessionStore extends PostgresStore implements SessionStore {
  /** Migrates the session tables of `database` and answers a store on it. */
  static async open(database: PostgresDatabase): Promise<PostgresSessionStore> {
    await migratePostgres(database, MIGRATIONS, 'schema_migrations')
    return new PostgresSessionStore(database)
  }

  async get(id: string): Promise<Session | undefined> {
    const [row] = await this.rows<SessionRow>(`SELECT ${COLUMNS} FROM sessions WHERE id = $1`, [id])
    return row && toSession(row)
  }

  async put(session: Session): Promise<void> {
    await this.rows(
      `INSERT INTO sessions (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at,
         expires_at = excluded.expires_at, last_active_at = excluded.last_active_at, state = excluded.state,
         handle = excluded.handle`,
      toSessionValues(session),
    )
  }

  async delete(id: string): Promise<void> {
    await this.rows('DELETE FROM sessions WHERE id = $1', [id])
  }

  async list(): Promise<Session[]> {
    return (await this.rows<SessionRow>(`SELECT ${COLUMNS} FROM sessions ORDER BY created_at`)).map(toSession)
  }
}
