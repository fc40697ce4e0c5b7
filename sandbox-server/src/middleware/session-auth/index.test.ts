/** @module Reading bearer tokens. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { bearerToken } from './index.ts'

describe('bearerToken', () => {
  it('Should read the token of a Bearer header, any case', () => {
    assert.equal(bearerToken('Bearer abc-DEF_123'), 'abc-DEF_123')
    assert.equal(bearerToken('bearer abc'), 'abc')
  })

  it('Should read nothing from other schemes or empty headers', () => {
    assert.equal(bearerToken(undefined), undefined)
    assert.equal(bearerToken(''), undefined)
    assert.equal(bearerToken('Basic abc'), undefined)
    assert.equal(bearerToken('Bearer '), undefined)
    assert.equal(bearerToken('Bearer a b'), undefined)
  })
})
