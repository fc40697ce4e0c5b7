/**
 * @module Session ids and tokens. An id names a session (it appears in URLs, container and volume
 * names, so it is lowercase hex: DNS- and Docker-name-safe); a token proves the caller owns it. Only
 * the token's SHA-256 is kept, and it is compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'

/** What a session id looks like; anything else cannot be one. */
export const SESSION_ID_PATTERN = /^[0-9a-f]{32}$/

/** A session id in a route param. */
export const SessionIdSchema = () => z.string().regex(SESSION_ID_PATTERN, 'a session id is 32 lowercase hex digits')

/** A new session id: 128 random bits as 32 lowercase hex digits. */
export function newSessionId(): string {
  return randomBytes(16).toString('hex')
}

/** A new bearer token: 256 random bits, base64url. */
export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

/** The SHA-256 of a token, hex; what a store keeps instead of the token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/** True when `token` hashes to `tokenHash`. Both sides are fixed-length digests, so the comparison time says nothing. */
export function tokenMatches(token: string, tokenHash: string): boolean {
  const expected = Buffer.from(tokenHash, 'hex')
  const actual = createHash('sha256').update(token, 'utf8').digest()
  return expected.length === actual.length && timingSafeEqual(expected, actual)
}
