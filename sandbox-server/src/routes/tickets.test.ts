/** @module `POST /api/sessions/:id/tickets` through `app.request()` on the fake provider. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { bearer, createTestApp } from '../testing/test-app.ts'

describe('POST /api/sessions/:id/tickets', () => {
  it('Should answer 201 with a ticket for that session and its expiry', async () => {
    const { app, createSession, tickets, clock, settings } = await createTestApp()
    const { id, token } = await createSession()
    const response = await app.request(`/api/sessions/${id}/tickets`, { method: 'POST', headers: bearer(token) })
    assert.equal(response.status, 201)
    const body = (await response.json()) as { ticket: string; expiresAt: string }
    assert.deepEqual(Object.keys(body).sort(), ['expiresAt', 'ticket'])
    assert.equal(body.expiresAt, new Date(clock.now + settings.ticketTtlMs).toISOString())
    assert.equal(tickets.redeem(id, body.ticket), true)
  })

  it('Should answer 401 without the session token and 404 for an unknown session', async () => {
    const { app, createSession } = await createTestApp()
    const { id, token } = await createSession()
    const other = await createSession()
    assert.equal((await app.request(`/api/sessions/${id}/tickets`, { method: 'POST' })).status, 401)
    const foreign = await app.request(`/api/sessions/${id}/tickets`, { method: 'POST', headers: bearer(other.token) })
    assert.equal(foreign.status, 401)
    const unknown = await app.request(`/api/sessions/${'0'.repeat(32)}/tickets`, { method: 'POST', headers: bearer(token) })
    assert.equal(unknown.status, 404)
  })
})
