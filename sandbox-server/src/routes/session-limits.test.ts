/**
 * @module `POST /api/sessions` limits through `app.request()`: sessions per client (429
 * `session_limit_reached`) and the server's capacity (503 `capacity_reached`), both with Retry-After.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { bearer, createTestApp } from '../testing/test-app.ts'

interface ErrorAnswer {
  error: { code: string; message: string }
}

describe('Session limits', () => {
  it('Should refuse a client its sessions past MAX_SESSIONS_PER_CLIENT with 429, in Korean, until one ends', async () => {
    const { app, createSession } = await createTestApp({ overrides: { maxSessionsPerClient: 2 } })
    const first = await createSession()
    await createSession()
    const refused = await app.request('/api/sessions', { method: 'POST' })
    assert.equal(refused.status, 429)
    assert.equal(refused.headers.get('Retry-After'), '30')
    const body = (await refused.json()) as ErrorAnswer
    assert.equal(body.error.code, 'session_limit_reached')
    assert.match(body.error.message, /[가-힣]/)

    assert.equal((await app.request(`/api/sessions/${first.id}`, { method: 'DELETE', headers: bearer(first.token) })).status, 204)
    assert.equal((await app.request('/api/sessions', { method: 'POST' })).status, 201)
    assert.equal((await app.request('/api/sessions', { method: 'POST' })).status, 429)
  })

  it('Should not count a stopped session against its client', async () => {
    const { app, createSession, provider } = await createTestApp({ overrides: { maxSessionsPerClient: 1 } })
    const { id, token } = await createSession()
    const sandbox = provider.sandboxes.get(id)
    assert.ok(sandbox)
    sandbox.running = false
    const info = (await (await app.request(`/api/sessions/${id}`, { headers: bearer(token) })).json()) as { state: string }
    assert.equal(info.state, 'stopped')
    assert.equal((await app.request('/api/sessions', { method: 'POST' })).status, 201)
  })

  it('Should keep the capacity gate: 503 capacity_reached with Retry-After when the server is full', async () => {
    const { app, createSession } = await createTestApp({ overrides: { maxSessions: 2, maxSessionsPerClient: 5 } })
    await createSession()
    await createSession()
    const full = await app.request('/api/sessions', { method: 'POST' })
    assert.equal(full.status, 503)
    assert.equal(full.headers.get('Retry-After'), '30')
    assert.equal(((await full.json()) as ErrorAnswer).error.code, 'capacity_reached')
  })
})
