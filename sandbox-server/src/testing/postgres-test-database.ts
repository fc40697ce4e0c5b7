/**
 * @module PostgreSQL for tests: the database TEST_DATABASE_URL names (`npm test` sets one up, see
 * scripts/lib/postgres.mjs), with a fresh schema for every store or app, so tests never see each
 * other's rows. Without TEST_DATABASE_URL the PostgreSQL tests are skipped, saying why.
 */
import { randomBytes } from 'node:crypto'
import { after } from 'node:test'
import { openPostgresDatabase, type PostgresDatabase } from '../sessions/postgres-database.ts'

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined

/** Why the PostgreSQL tests are skipped; undefined when they run. For `describe(…, { skip })`. */
export const postgresSkipReason: string | undefined =
  TEST_DATABASE_URL === undefined
    ? 'no PostgreSQL: TEST_DATABASE_URL is not set (npm test sets it up as root; see scripts/lib/postgres.mjs)'
    : undefined

const opened: { database: PostgresDatabase; schema: string }[] = []

/**
 * A database in a new, empty schema of the test database, dropped with its tables when the test
 * file ends (call `dropTestSchemasAfterAll()` once in the file).
 */
export async function freshPostgresDatabase(): Promise<PostgresDatabase> {
  if (TEST_DATABASE_URL === undefined) throw new Error(postgresSkipReason)
  const schema = `test_${randomBytes(8).toString('hex')}`
  // search_path may name a schema before it exists; the pool's first query creates it.
  const database = await openPostgresDatabase(TEST_DATABASE_URL, { schema })
  await database.pool.query(`CREATE SCHEMA ${schema}`)
  opened.push({ database, schema })
  return database
}

/** Registers, for the calling test file, the closing of every fresh database and the dropping of its schema. */
export function dropTestSchemasAfterAll(): void {
  after(async () => {
    for (const { database, schema } of opened.splice(0)) {
      await database.pool.query(`DROP SCHEMA ${schema} CASCADE`)
      await database.close()
    }
  })
}
