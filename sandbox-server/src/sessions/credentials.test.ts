/** @module Session ids and tokens. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hashToken, newSessionId, newToken, SESSION_ID_PATTERN, tokenMatches } from './credentials.ts'

describe('Session credentials', () => {
  it('Should make distinct ids of 128 bits that fit Docker names', () => {
    const ids = new Set(Array.from({ length: 100 }, newSessionId))
    assert.equal(ids.size, 100)
    for (const id of ids) assert.match(id, SESSION_ID_PATTERN)
  })

  it('Should make URL-safe tokens of 256 bits', () => {
    const token = newToken()
    assert.match(token, /^[A-Za-z0-9_-]{43}$/)
    assert.equal(Buffer.from(token, 'base64url').length, 32)
  })

  it('Should match a token only against its own hash', () => {
    const token = newToken()
    const hash = hashToken(token)
    assert.notEqual(hash, token)
    assert.equal(tokenMatches(token, hash), true)
    assert.equal(tokenMatches(newToken(), hash), false)
    assert.equal(tokenMatches('', hash), false)
    assert.equal(tokenMatches(token, 'abcd'), false)
  })
})
