/**
 * @module Terminal tickets. A browser cannot set headers on a WebSocket, so the terminal URL has to
 * carry its credential; putting the long-lived session token there would leak it into proxy logs and
 * browser history. A ticket is what goes there instead: 256 random bits, bound to one session, valid
 * for a few seconds and consumed by its first use. Only its SHA-256 is kept.
 */
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { hashToken } from './credentials.ts'

/** What a ticket looks like in a URL: 43 base64url characters. */
export const TicketSchema = () => z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a ticket is 43 base64url characters')

/** A ticket as handed to its session's owner. */
export interface IssuedTicket {
  ticket: string
  /** Epoch milliseconds after which it is refused. */
  expiresAt: number
}

interface TicketRecord {
  sessionId: string
  expiresAt: number
}

export interface TicketBookOptions {
  /** How long a ticket stays valid. */
  ttlMs: number
  /** Clock, in epoch milliseconds; tests move it. */
  now?: () => number
}

/** Issues and redeems single-use terminal tickets. */
export class TicketBook {
  readonly #tickets = new Map<string, TicketRecord>()
  readonly #ttlMs: number
  readonly #now: () => number

  constructor({ ttlMs, now = Date.now }: TicketBookOptions) {
    this.#ttlMs = ttlMs
    this.#now = now
  }

  /** A new ticket for the session `sessionId`. */
  issue(sessionId: string): IssuedTicket {
    this.#forgetExpired()
    const ticket = randomBytes(32).toString('base64url')
    const expiresAt = this.#now() + this.#ttlMs
    this.#tickets.set(hashToken(ticket), { sessionId, expiresAt })
    return { ticket, expiresAt }
  }

  /**
   * True when `ticket` was issued for `sessionId` and has not expired. Any ticket presented is
   * consumed, even for the wrong session, so a leaked ticket cannot be tried twice.
   */
  redeem(sessionId: string, ticket: string): boolean {
    const key = hashToken(ticket)
    const record = this.#tickets.get(key)
    this.#tickets.delete(key)
    return record !== undefined && record.sessionId === sessionId && record.expiresAt > this.#now()
  }

  /** Tickets issued and neither redeemed nor expired. */
  get size(): number {
    this.#forgetExpired()
    return this.#tickets.size
  }

  #forgetExpired(): void {
    const now = this.#now()
    for (const [key, record] of this.#tickets) if (record.expiresAt <= now) this.#tickets.delete(key)
  }
}
