/** @module The pino-backed logger: one JSON line per event, errors as plain JSON. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createLogger } from './logger.ts'

describe('createLogger', () => {
  it('Should write one JSON line per event with level, ISO time, fields and the event name', () => {
    const lines: string[] = []
    const logger = createLogger((line) => lines.push(line))
    logger.info('session.created', { sessionId: 'abc', durationMs: 12 })
    logger.warn('request.failed')
    assert.equal(lines.length, 2)
    assert.ok(lines.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n')))
    const first = JSON.parse(lines[0]!) as Record<string, unknown>
    assert.equal(first.level, 'info')
    assert.equal(first.event, 'session.created')
    assert.equal(first.sessionId, 'abc')
    assert.equal(first.durationMs, 12)
    assert.equal(new Date(String(first.time)).toISOString(), first.time)
    assert.equal((JSON.parse(lines[1]!) as Record<string, unknown>).level, 'warn')
  })

  it('Should describe an error with its code and cause chain', () => {
    const lines: string[] = []
    const cause = Object.assign(new Error('connect ENOENT'), { code: 'ENOENT' })
    createLogger((line) => lines.push(line)).error('engine.failed', { error: new Error('no engine', { cause }) })
    const { error } = JSON.parse(lines[0]!) as { error: { message: string; stack: string; cause: { code: string } } }
    assert.equal(error.message, 'no engine')
    assert.match(error.stack, /no engine/)
    assert.equal(error.cause.code, 'ENOENT')
  })
})
