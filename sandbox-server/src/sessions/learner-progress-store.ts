/**
 * @module Learners' progress on the server, in the same SQLite file as the sessions (its own table,
 * created if missing, so it needs no migration of the session schema), so progress outlives a
 * sandbox and follows the learner to another browser that has their learner key.
 *
 * A learner is known only by the SHA-256 of their key: the key itself is never stored, and a
 * lookup compares hashes, so timing tells a guesser nothing about the key. Progress is one row per
 * item (`passed` exercise or quiz, `visited` lesson) with the time it first happened; a
 * write merges (an item's earliest time wins), so two browsers writing at once never lose an item.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite'
import { SandboxError } from '../errors.ts'
import { openDatabase } from './sqlite-session-store.ts'

export const PROGRESS_KINDS = ['passed', 'visited'] as const
export type ProgressKind = (typeof PROGRESS_KINDS)[number]

/** Per kind: item → ISO-8601 time it first happened. */
export type LearnerProgress = Record<ProgressKind, Record<string, string>>

/** Items one learner may keep in all; the course has a few dozen. */
export const MAX_ITEMS_PER_LEARNER = 2000

export interface LearnerProgressStore {
  /** The learner's progress; every kind empty for an unknown learner. */
  get(learnerHash: string): Promise<LearnerProgress>
  /**
   * Adds `progress` to what is stored and answers the result.
   * @throws SandboxError 413 `progress_too_large` when the learner would hold more than MAX_ITEMS_PER_LEARNER items
   */
  merge(learnerHash: string, progress: Partial<LearnerProgress>): Promise<LearnerProgress>
  close(): Promise<void>
}

/** The progress table, created if missing (PostgreSQL runs it as its first migration). */
export const LEARNER_PROGRESS_TABLE = `CREATE TABLE IF NOT EXISTS learner_progress (
  learner_hash VARCHAR(64) NOT NULL,
  kind VARCHAR(16) NOT NULL,
  item VARCHAR(200) NOT NULL,
  first_at BIGINT NOT NULL,
  PRIMARY KEY (learner_hash, kind, item)
)`

export interface ProgressRow {
  kind: string
  item: string
  first_at: number
}

/** A learner's rows as progress; rows of kinds this server does not know are left out. */
export function progressFromRows(rows: readonly ProgressRow[]): LearnerProgress {
  const progress: LearnerProgress = { passed: {}, visited: {} }
  for (const row of rows) {
    if ((PROGRESS_KINDS as readonly string[]).includes(row.kind)) {
      progress[row.kind as ProgressKind][row.item] = new Date(row.first_at).toISOString()
    }
  }
  return progress
}

/** The refusal of a write that would leave a learner with `items` items, over MAX_ITEMS_PER_LEARNER. */
export function progressTooLarge(items: number): SandboxError {
  return new SandboxError({
    code: 'progress_too_large',
    status: 413,
    message: 'progress.tooLarge',
    logMessage: `a learner would hold ${items} progress items (limit ${MAX_ITEMS_PER_LEARNER})`,
  })
}

/** A LearnerProgressStore in an SQLite file (or `:memory:`). */
export class SqliteLearnerProgressStore implements LearnerProgressStore {
  readonly #database: DatabaseSync
  readonly #select: StatementSync
  readonly #count: StatementSync
  readonly #upsert: StatementSync

  /** Opens (creating it and its folder if needed) the database at `file` and the table in it. */
  constructor(file: string) {
    // The session store has the same file open; openDatabase's WAL and busy timeout let both write.
    this.#database = openDatabase(file)
    this.#database.exec(LEARNER_PROGRESS_TABLE)
    this.#select = this.#database.prepare('SELECT kind, item, first_at FROM learner_progress WHERE learner_hash = ?')
    this.#count = this.#database.prepare('SELECT COUNT(*) AS items FROM learner_progress WHERE learner_hash = ?')
    this.#upsert = this.#database.prepare(
      `INSERT INTO learner_progress (learner_hash, kind, item, first_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (learner_hash, kind, item) DO UPDATE SET first_at = MIN(first_at, excluded.first_at)`,
    )
  }

  async get(learnerHash: string): Promise<LearnerProgress> {
    return progressFromRows(this.#select.all(learnerHash) as unknown as ProgressRow[])
  }

  async merge(learnerHash: string, progress: Partial<LearnerProgress>): Promise<LearnerProgress> {
    this.#database.exec('BEGIN IMMEDIATE')
    try {
      for (const kind of PROGRESS_KINDS) {
        for (const [item, at] of Object.entries(progress[kind] ?? {})) this.#upsert.run(learnerHash, kind, item, Date.parse(at))
      }
      const { items } = this.#count.get(learnerHash) as { items: number }
      if (items > MAX_ITEMS_PER_LEARNER) throw progressTooLarge(items)
      this.#database.exec('COMMIT')
    } catch (error) {
      this.#database.exec('ROLLBACK')
      throw error
    }
    return this.get(learnerHash)
  }

  async close(): Promise<void> {
    if (this.#database.isOpen) this.#database.close()
  }
}
