/** @module Terminal tickets: random, bound to one session, short-lived and single-use. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { TicketBook, TicketSchema } from './tickets.ts'

function book() {
  const clock = { now: 0 }
  return { tickets: new TicketBook({ ttlMs: 30_000, now: () => clock.now }), clock }
}

describe('TicketBook', () => {
  it('Should issue distinct URL-safe tickets of 256 bits that expire after the TTL', () => {
    const { tickets } = book()
    const issued = Array.from({ length: 50 }, () => tickets.issue('s1'))
    assert.equal(new Set(issued.map(({ ticket }) => ticket)).size, 50)
    for (const { ticket, expiresAt } of issued) {
      assert.ok(TicketSchema().safeParse(ticket).success)
      assert.equal(Buffer.from(ticket, 'base64url').length, 32)
      assert.equal(expiresAt, 30_000)
    }
  })

  it('Should redeem a ticket once, for its own session only', () => {
    const { tickets } = book()
    const { ticket } = tickets.issue('s1')
    assert.equal(tickets.redeem('s1', ticket), true)
    assert.equal(tickets.redeem('s1', ticket), false)
    const other = tickets.issue('s2').ticket
    assert.equal(tickets.redeem('s1', other), false)
    assert.equal(tickets.redeem('s2', other), false, 'a ticket tried on the wrong session is burnt')
  })

  it('Should refuse an expired ticket and forget it', () => {
    const { tickets, clock } = book()
    const { ticket } = tickets.issue('s1')
    clock.now = 29_999
    assert.equal(tickets.size, 1)
    clock.now = 30_000
    assert.equal(tickets.size, 0)
    assert.equal(tickets.redeem('s1', ticket), false)
  })
})
