/** @module Both classroom stores against the store contract. */
import { describe } from 'node:test'
import { dropTestSchemasAfterAll, freshPostgresDatabase, postgresSkipReason } from '../testing/postgres-test-database.ts'
import { PostgresClassroomStore } from './postgres-classroom-store.ts'
import { runClassroomStoreContract } from './store-contract.ts'
import { SqliteClassroomStore } from './store.ts'

runClassroomStoreContract('SqliteClassroomStore', async () => new SqliteClassroomStore(':memory:'))

describe('On PostgreSQL', { skip: postgresSkipReason }, () => {
  dropTestSchemasAfterAll()
  runClassroomStoreContract('PostgresClassroomStore', async () => PostgresClassroomStore.open(await freshPostgresDatabase()))
})
