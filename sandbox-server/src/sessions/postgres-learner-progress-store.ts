/**
 * @module Learners' progress in PostgreSQL (when `DATABASE_URL` is set), with the SQLite store's
 * table and rules: one row per item, an item's earliest time wins, a write that would pass
 * MAX_ITEMS_PER_LEARNER is refused whole. Where SQLite's `BEGIN IMMEDIATE` makes writers take turns,
 * a lock on the learner does, so two writes at once can neither lose an item nor together pass the limit.
 */
import {
  LEARNER_PROGRESS_TABLE,
  MAX_ITEMS_PER_LEARNER,
  PROGRESS_KINDS,
  progressFromRows,
  progressTooLarge,
  type LearnerProgress,
  type LearnerProgressStore,
  type ProgressRow,
} from './learner-progress-store.ts'
import { inTransaction, migratePostgres, PostgresStore, type PostgresDatabase } from './postgres-database.ts'

/** A LearnerProgressStore in PostgreSQL. */
export class PostgresLearnerProgressStore extends PostgresStore implements LearnerProgressStore {
  /** Migrates the progress table of `database` and answers a store on it. */
  static async open(database: PostgresDatabase): Promise<PostgresLearnerProgressStore> {
    await migratePostgres(database, [{ version: 1, statements: [LEARNER_PROGRESS_TABLE] }], 'learner_progress_migrations')
    return new PostgresLearnerProgressStore(database)
  }

  async get(learnerHash: string): Promise<LearnerProgress> {
    return progressFromRows(await this.rows<ProgressRow>('SELECT kind, item, first_at FROM learner_progress WHERE learner_hash = $1', [learnerHash]))
  }

  async merge(learnerHash: string, progress: Partial<LearnerProgress>): Promise<LearnerProgress> {
    const kinds: string[] = []
    const items: string[] = []
    const times: number[] = []
    for (const kind of PROGRESS_KINDS) {
      for (const [item, at] of Object.entries(progress[kind] ?? {})) {
        kinds.push(kind)
        items.push(item)
        times.push(Date.parse(at))
      }
    }
    await inTransaction(this.database, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`learner_progress:${learnerHash}`])
      // One statement for all items; (kind, item) pairs are unique, as keys of one object per kind.
      await client.query(
        `INSERT INTO learner_progress (learner_hash, kind, item, first_at)
         SELECT $1, kind, item, first_at FROM unnest($2::text[], $3::text[], $4::bigint[]) AS given (kind, item, first_at)
         ON CONFLICT (learner_hash, kind, item) DO UPDATE SET first_at = LEAST(learner_progress.first_at, excluded.first_at)`,
        [learnerHash, kinds, items, times],
      )
      const { rows } = await client.query<{ items: number }>('SELECT COUNT(*) AS items FROM learner_progress WHERE learner_hash = $1', [
        learnerHash,
      ])
      const count = rows[0]?.items ?? 0
      if (count > MAX_ITEMS_PER_LEARNER) throw progressTooLarge(count)
    })
    return this.get(learnerHash)
  }
}
