/** @module Settings read from the environment. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { readSettings, sessionDatabasePath } from './settings.ts'

describe('readSettings', () => {
  it('Should give documented defaults with an empty environment', () => {
    const settings = readSettings({})
    assert.equal(settings.port, 3000)
    assert.equal(settings.sessionTtlMs, 2 * 60 * 60 * 1000)
    assert.equal(settings.memoryBytes, 2 * 1024 ** 3)
    assert.equal(settings.pidsLimit, 2048)
    assert.equal(settings.nanoCpus, 1.5e9)
    assert.equal(settings.isolation, undefined)
    assert.match(settings.siteDir, /site\/dist$/)
    assert.match(settings.socketRoot, /\.data\/sessions$/)
  })

  it('Should read variables and coerce numbers', () => {
    const settings = readSettings({ PORT: '8080', SESSION_TTL_MS: '60000', ISOLATION: 'sysbox', SITE_DIR: '/srv/site' })
    assert.equal(settings.port, 8080)
    assert.equal(settings.sessionTtlMs, 60_000)
    assert.equal(settings.isolation, 'sysbox')
    assert.equal(settings.siteDir, '/srv/site')
  })

  it('Should keep sessions in <dataDir>/sessions.sqlite and across shutdowns unless told otherwise', () => {
    const defaults = readSettings({})
    assert.equal(defaults.idleTimeoutMs, 30 * 60 * 1000)
    assert.equal(defaults.cleanupOnShutdown, false)
    assert.match(sessionDatabasePath(defaults), /\.data\/sessions\.sqlite$/)
    assert.equal(sessionDatabasePath(readSettings({ DATA_DIR: '/srv/classroom' })), '/srv/classroom/sessions.sqlite')
    const set = readSettings({ DATA_DIR: '/srv/classroom', DATABASE_PATH: '/db/s.sqlite', CLEANUP_ON_SHUTDOWN: 'true' })
    assert.equal(sessionDatabasePath(set), '/db/s.sqlite')
    assert.equal(set.cleanupOnShutdown, true)
    assert.throws(() => readSettings({ CLEANUP_ON_SHUTDOWN: 'maybe' }), /CLEANUP_ON_SHUTDOWN/)
  })

  it('Should name every bad variable at once', () => {
    assert.throws(
      () => readSettings({ PORT: 'eighty', ISOLATION: 'vm' }),
      (error: Error) => /PORT:/.test(error.message) && /ISOLATION:/.test(error.message),
    )
  })
})
