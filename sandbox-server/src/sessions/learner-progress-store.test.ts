/** @module Both learner progress stores against the store contract. */
import { describe } from 'node:test'
import { freshPostgresDatabase, dropTestSchemasAfterAll, postgresSkipReason } from '../testing/postgres-test-database.ts'
import { runLearnerProgressStoreContract } from './learner-progress-store-contract.ts'
import { SqliteLearnerProgressStore } from './learner-progress-store.ts'
import { PostgresLearnerProgressStore } from './postgres-learner-progress-store.ts'

runLearnerProgressStoreContract('SqliteLearnerProgressStore', async () => new SqliteLearnerProgressStore(':memory:'))

describe('On PostgreSQL', { skip: postgresSkipReason }, () => {
  dropTestSchemasAfterAll()
  runLearnerProgressStoreContract('PostgresLearnerProgressStore', async () => PostgresLearnerProgressStore.open(await freshPostgresDatabase()))
})
