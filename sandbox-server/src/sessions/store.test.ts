/** @module The session stores (memory, SQLite, PostgreSQL) against the store contract, and what only the SQLite file does. */
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { after, before, describe, it } from 'node:test'
import { dropTestSchemasAfterAll, freshPostgresDatabase, postgresSkipReason } from '../testing/postgres-test-database.ts'
import { PostgresSessionStore } from './postgres-session-store.ts'
import { migrate, SqliteSessionStore, type Migration } from './sqlite-session-store.ts'
import { runSessionStoreContract, sampleSession } from './store-contract.ts'
import { MemorySessionStore } from './store.ts'

runSessionStoreContract('MemorySessionStore', async () => new MemorySessionStore())
runSessionStoreContract('SqliteSessionStore', async () => new SqliteSessionStore(':memory:'))
describe('On PostgreSQL', { skip: postgresSkipReason }, () => {
  dropTestSchemasAfterAll()
  runSessionStoreContract('PostgresSessionStore', async () => PostgresSessionStore.open(await freshPostgresDatabase()))
})

describe('SqliteSessionStore on disk', () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'classroom-store-'))
  })
  after(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('Should keep sessions across a reopen, creating missing folders', async () => {
    const file = path.join(dir, 'nested', 'sessions.sqlite')
    const session = sampleSession()
    const first = new SqliteSessionStore(file)
    await first.put(session)
    await first.close()
    const second = new SqliteSessionStore(file)
    assert.deepEqual(await second.list(), [session])
    await second.close()
  })

  it('Should store the token hash and never a token', async () => {
    const file = path.join(dir, 'hash.sqlite')
    const store = new SqliteSessionStore(file)
    const session = sampleSession()
    await store.put(session)
    await store.close()
    const bytes = await readFile(file)
    assert.ok(bytes.includes(Buffer.from(session.tokenHash)), 'the hash is in the file')
    const database = new DatabaseSync(file)
    const columns = database.prepare('SELECT name FROM pragma_table_info(?)').all('sessions').map((row) => row.name)
    database.close()
    assert.ok(!columns.includes('token'), `columns: ${columns.join(', ')}`)
  })
})

describe('migrate', () => {
  it('Should apply each migration once, in order, and record it', () => {
    const database = new DatabaseSync(':memory:')
    const migrations: Migration[] = [
      { version: 2, statements: ['ALTER TABLE t ADD COLUMN b TEXT'] },
      { version: 1, statements: ['CREATE TABLE t (a TEXT)'] },
    ]
    assert.deepEqual(migrate(database, migrations), [1, 2])
    assert.deepEqual(migrate(database, migrations), [])
    database.prepare('INSERT INTO t (a, b) VALUES (?, ?)').run('x', 'y')
    database.close()
  })

  it('Should roll a failed migration back whole and say which one failed', () => {
    const database = new DatabaseSync(':memory:')
    const broken: Migration[] = [{ version: 1, statements: ['CREATE TABLE t (a TEXT)', 'NOT SQL'] }]
    assert.throws(() => migrate(database, broken), /migration 1 failed/)
    const tables = database.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((row) => row.name)
    assert.deepEqual(tables, ['schema_migrations'])
    database.close()
  })
})
