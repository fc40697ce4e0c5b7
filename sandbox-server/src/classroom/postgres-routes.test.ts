/** @module The classroom route tests (routes.test.ts) once more, with every test app's classroom store on PostgreSQL. */
import { describe } from 'node:test'
import { CLASSROOM_STORE_VARIABLE, dropTestSchemasAfterAll, postgresSkipReason } from '../testing/postgres-test-database.ts'

describe('Classroom routes on PostgreSQL', { skip: postgresSkipReason }, async () => {
  process.env[CLASSROOM_STORE_VARIABLE] = 'postgres'
  dropTestSchemasAfterAll()
  await import('./routes.test.ts')
})
