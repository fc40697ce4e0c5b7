/**
 * @module Sessions in an SQLite file (Node's built-in `node:sqlite`, no native build), so a
 * restarted server knows its learners again. The SQL is kept portable (ANSI types, `ON CONFLICT ...
 * DO UPDATE`) for a PostgreSQL store behind the same interface; the sandbox handle is a JSON text
 * column because it is the provider's opaque state. Schema changes are numbered migrations, each
 * applied once, in a transaction, and recorded in `schema_migrations`.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { DatabaseSync, type StatementSync } from 'node:sqlite'
import type { SandboxHandle } from '../sandbox/provider.ts'
import type { Session, SessionState, SessionStore } from './store.ts'

/** One schema change: applied once, in order of `version`. */
export interface Migration {
  version: number
  statements: readonly string[]
}

/** The schema, oldest change first. Append; never edit an applied migration. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    statements: [
      `CREATE TABLE sessions (
        id VARCHAR(64) PRIMARY KEY,
        token_hash VARCHAR(64) NOT NULL,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        last_active_at BIGINT NOT NULL,
        state VARCHAR(16) NOT NULL,
        handle TEXT
      )`,
    ],
  },
]

/** A row of `sessions` as the driver returns it. */
export interface SessionRow {
  id: string
  token_hash: string
  created_at: number
  expires_at: number
  last_active_at: number
  state: string
  handle: string | null
}

export function toSession(row: SessionRow): Session {
  return {
    id: row.id,
    tokenHash: row.token_hash,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastActiveAt: row.last_active_at,
    state: row.state as SessionState,
    handle: row.handle === null ? null : (JSON.parse(row.handle) as SandboxHandle),
  }
}

/** A session as the values of a `sessions` row, in column order. */
export function toSessionValues(session: Session): [string, string, number, number, number, string, string | null] {
  return [
    session.id,
    session.tokenHash,
    session.createdAt,
    session.expiresAt,
    session.lastActiveAt,
    session.state,
    session.handle === null ? null : JSON.stringify(session.handle),
  ]
}

/**
 * Applies the migrations `database` has not seen yet.
 * @returns the versions applied now
 */
export function migrate(
  database: DatabaseSync,
  migrations: readonly Migration[] = MIGRATIONS,
  /** Where the applied versions are recorded: one table per set of migrations sharing the file. */
  table = 'schema_migrations',
): number[] {
  database.exec(`CREATE TABLE IF NOT EXISTS ${table} (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`)
  const rows = database.prepare(`SELECT version FROM ${table}`).all() as { version: number }[]
  const applied = new Set(rows.map((row) => row.version))
  const record = database.prepare(`INSERT INTO ${table} (version, applied_at) VALUES (?, ?)`)
  const now: number[] = []
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue
    database.exec('BEGIN')
    try {
      for (const statement of migration.statements) database.exec(statement)
      record.run(migration.version, Date.now())
      database.exec('COMMIT')
    } catch (error) {
      database.exec('ROLLBACK')
      throw new Error(`database migration ${migration.version} failed`, { cause: error })
    }
    now.push(migration.version)
  }
  return now
}

/**
 * Opens the SQLite database at `file` (or `:memory:`), creating its folder when needed, in WAL mode
 * (readers never wait for the writer) with a busy timeout, so several stores and processes can
 * share the file.
 */
export function openDatabase(file: string): DatabaseSync {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true })
  const database = new DatabaseSync(file)
  database.exec('PRAGMA journal_mode = WAL')
  database.exec('PRAGMA busy_timeout = 5000')
  return database
}

/** A SessionStore in an SQLite file (or `:memory:`). */
export class SqliteSessionStore implements SessionStore {
  readonly #database: DatabaseSync
  readonly #select: StatementSync
  readonly #selectAll: StatementSync
  readonly #upsert: StatementSync
  readonly #remove: StatementSync

  /** Opens (creating it and its folder if needed) and migrates the database at `file`. */
  constructor(file: string) {
    this.#database = openDatabase(file)
    migrate(this.#database)
    const columns = 'id, token_hash, created_at, expires_at, last_active_at, state, handle'
    this.#select = this.#database.prepare(`SELECT ${columns} FROM sessions WHERE id = ?`)
    this.#selectAll = this.#database.prepare(`SELECT ${columns} FROM sessions ORDER BY created_at`)
    this.#upsert = this.#database.prepare(
      `INSERT INTO sessions (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at,
         expires_at = excluded.expires_at, last_active_at = excluded.last_active_at, state = excluded.state,
         handle = excluded.handle`,
    )
    this.#remove = this.#database.prepare('DELETE FROM sessions WHERE id = ?')
  }

  async get(id: string): Promise<Session | undefined> {
    const row = this.#select.get(id) as SessionRow | undefined
    return row && toSession(row)
  }

  async put(session: Session): Promise<void> {
    this.#upsert.run(...toSessionValues(session))
  }

  async delete(id: string): Promise<void> {
    this.#remove.run(id)
  }

  async list(): Promise<Session[]> {
    return (this.#selectAll.all() as unknown as SessionRow[]).map(toSession)
  }

  async close(): Promise<void> {
    if (this.#database.isOpen) this.#database.close()
  }
}
