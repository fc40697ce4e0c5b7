/** @module Tests for the `t()` message helper. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { t } from './t.ts'

describe('t()', () => {
  it('returns the Korean message for a key', () => {
    assert.equal(t('exercise.check'), '채점')
  })

  it('fills placeholders from params', () => {
    assert.equal(t('lesson.duration', { minutes: 15 }), '약 15분')
  })

  it('leaves a placeholder without a value as written', () => {
    assert.equal(t('lesson.duration'), '약 {minutes}분')
  })
})
