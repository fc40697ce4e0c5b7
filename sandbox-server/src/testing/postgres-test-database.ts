/**
 * @module PostgreSQL for tests: the database TEST_DATABASE_URL names (`npm test` sets one up, see
 * scripts/lib/postgres.mjs), with a fresh schema for every store or app, so tests never see each
 * other's rows. Without TEST_DATABASE_URL the PostgreSQL tests are skipped, saying why.
 */
import { randomBytes } from 'node:crypto'
import { after } from 'node:test'
import { PostgresClassroomStore } from '../classroom/postgres-classroom-store.ts'
import { SqliteClassroomStore, type ClassroomStore } from '../classroom/store.ts'
import { openPostgresDatabase, type PostgresDatabase } from '../sessions/postgres-database.ts'

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined

/** Why the PostgreSQL tests are skipped; undefined when they run. For `describe(…, { skip })`. */
export const postgresSkipReason: string | undefined =
  TEST_DATABASE_URL === undefined
    ? 'no PostgreSQL: TEST_DATABASE_URL is not set (npm test sets it up as root; see scripts/lib/postgres.mjs)'
    : undefined

const opened: { database: PostgresDatabase; schema: string }[] = []
const closeAfterAll: PostgresDatabase[] = []

/**
 * A database in a new, empty schema of the test database, dropped with its tables when the test
 * file ends (call `dropTestSchemasAfterAll()` once in the file).
 */
export async function freshPostgresDatabase(): Promise<PostgresDatabase> {
  if (TEST_DATABASE_URL === undefined) throw new Error(postgresSkipReason)
  const schema = `test_${randomBytes(8).toString('hex')}`
  // search_path may name a schema before it exists: the next statement creates it.
  const database = await openPostgresDatabase(TEST_DATABASE_URL, { schema })
  await database.pool.query(`CREATE SCHEMA ${schema}`)
  opened.push({ database, schema })
  return database
}

/** Another pool on `database`'s schema, as a second server on the same database has one; closed when the file ends. */
export async function anotherPoolOn(database: PostgresDatabase): Promise<PostgresDatabase> {
  const found = opened.find((entry) => entry.database === database)
  if (TEST_DATABASE_URL === undefined || found === undefined) throw new Error('not a database of freshPostgresDatabase()')
  const another = await openPostgresDatabase(TEST_DATABASE_URL, { schema: found.schema })
  closeAfterAll.push(another)
  return another
}

/** Registers, for the calling test file, the closing of every fresh database and the dropping of its schema. */
export function dropTestSchemasAfterAll(): void {
  after(async () => {
    for (const database of closeAfterAll.splice(0)) await database.close()
    for (const { database, schema } of opened.splice(0)) {
      await database.pool.query(`DROP SCHEMA ${schema} CASCADE`)
      await database.close()
    }
  })
}

/** Set to `postgres` (classroom/postgres-routes.test.ts does) to give test apps their classroom store on PostgreSQL. */
export const CLASSROOM_STORE_VARIABLE = 'TEST_CLASSROOM_STORE'

/** The classroom store of a test app: SQLite in memory, or a fresh PostgreSQL schema when CLASSROOM_STORE_VARIABLE says so. */
export async function testClassroomStore(): Promise<ClassroomStore> {
  if (process.env[CLASSROOM_STORE_VARIABLE] === 'postgres') return PostgresClassroomStore.open(await freshPostgresDatabase())
  return new SqliteClassroomStore(':memory:')
}
