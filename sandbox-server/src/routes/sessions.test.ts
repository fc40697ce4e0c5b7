/** @module Session routes through `app.request()` on the fake provider. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { SandboxError } from '../errors.ts'
import { FakeProvider } from '../sandbox/fake/index.ts'
import { bearer, createTestApp } from '../testing/test-app.ts'

describe('POST /api/sessions', () => {
  it('Should answer 201 with an id, a token and the expiry', async () => {
    const { app, clock, settings, provider } = await createTestApp()
    const response = await app.request('/api/sessions', { method: 'POST' })
    assert.equal(response.status, 201)
    const body = (await response.json()) as Record<string, string>
    assert.deepEqual(Object.keys(body).sort(), ['expiresAt', 'id', 'token'])
    assert.match(body.id!, /^[0-9a-f]{32}$/)
    assert.ok(Buffer.from(body.token!, 'base64url').length >= 32, 'token carries at least 256 bits')
    assert.equal(body.expiresAt, new Date(clock.now + settings.sessionTtlMs).toISOString())
    assert.ok(provider.sandboxes.has(body.id!), 'the sandbox was started')
  })

  it('Should answer 503 in Korean when the sandbox does not start', async () => {
    const createError = new SandboxError({ code: 'sandbox_start_failed', status: 503, message: 'sandbox.startFailed' })
    const { app, sessions } = await createTestApp({ provider: new FakeProvider({ createError }) })
    const response = await app.request('/api/sessions', { method: 'POST' })
    assert.equal(response.status, 503)
    const body = (await response.json()) as { error: { code: string; message: string } }
    assert.equal(body.error.code, 'sandbox_start_failed')
    assert.match(body.error.message, /[가-힣]/)
    assert.equal(await sessions.sweepOrphans(), 0)
  })

  it('Should answer 503 in Korean with Retry-After once maxSessions are alive', async () => {
    const { app, createSession } = await createTestApp({ overrides: { maxSessions: 1 } })
    await createSession()
    const response = await app.request('/api/sessions', { method: 'POST' })
    assert.equal(response.status, 503)
    assert.equal(response.headers.get('Retry-After'), '30')
    const body = (await response.json()) as { error: { code: string; message: string } }
    assert.equal(body.error.code, 'capacity_reached')
    assert.match(body.error.message, /[가-힣]/)
  })

  it('Should answer 429 with Retry-After when one client creates too many', async () => {
    const { app, createSession, provider } = await createTestApp({ overrides: { sessionCreateBurst: 2 } })
    await createSession()
    await createSession()
    const response = await app.request('/api/sessions', { method: 'POST' })
    assert.equal(response.status, 429)
    assert.ok(Number(response.headers.get('Retry-After')) > 0)
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'rate_limited')
    assert.equal(provider.sandboxes.size, 2, 'no sandbox was started for the refused request')
  })
})

describe('GET /api/sessions/:id', () => {
  it('Should answer 200 with the state for the right token', async () => {
    const { app, createSession } = await createTestApp()
    const { id, token, expiresAt } = await createSession()
    const response = await app.request(`/api/sessions/${id}`, { headers: bearer(token) })
    assert.equal(response.status, 200)
    assert.deepEqual(await response.json(), { id, state: 'running', expiresAt })
  })

  it('Should answer 401 for a wrong or missing token', async () => {
    const { app, createSession } = await createTestApp()
    const { id } = await createSession()
    const other = await createSession()
    for (const headers of [bearer(other.token), {}, { Authorization: 'Basic abc' }]) {
      const response = await app.request(`/api/sessions/${id}`, { headers })
      assert.equal(response.status, 401)
      const body = (await response.json()) as { error: { code: string; message: string } }
      assert.match(body.error.message, /[가-힣]/)
    }
  })

  it('Should answer 404 for an unknown session', async () => {
    const { app, createSession } = await createTestApp()
    const { token } = await createSession()
    const response = await app.request(`/api/sessions/${'0'.repeat(32)}`, { headers: bearer(token) })
    assert.equal(response.status, 404)
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'session_not_found')
  })

  it('Should answer 400 for a malformed id', async () => {
    const { app, createSession } = await createTestApp()
    const { token } = await createSession()
    const response = await app.request('/api/sessions/NOT-AN-ID', { headers: bearer(token) })
    assert.equal(response.status, 400)
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'invalid_request')
  })

  it('Should report stopped when the workstation exited', async () => {
    const { app, createSession, provider } = await createTestApp()
    const { id, token } = await createSession()
    provider.sandboxes.get(id)!.running = false
    const response = await app.request(`/api/sessions/${id}`, { headers: bearer(token) })
    assert.equal(((await response.json()) as { state: string }).state, 'stopped')
  })

  it('Should answer 404 and remove the sandbox once the session expired', async () => {
    const { app, createSession, clock, settings, provider } = await createTestApp()
    const { id, token } = await createSession()
    clock.now += settings.sessionTtlMs
    const response = await app.request(`/api/sessions/${id}`, { headers: bearer(token) })
    assert.equal(response.status, 404)
    await new Promise((resolve) => setImmediate(resolve))
    assert.deepEqual(provider.destroyed, [id])
  })

  it('Should answer 500 in Korean and log when something unexpected breaks', async () => {
    const { app, createSession, provider, logs } = await createTestApp()
    const { id, token } = await createSession()
    provider.poll = async () => {
      throw new Error('engine exploded')
    }
    const response = await app.request(`/api/sessions/${id}`, { headers: bearer(token) })
    assert.equal(response.status, 500)
    const body = (await response.json()) as { error: { code: string; message: string } }
    assert.equal(body.error.code, 'internal_error')
    assert.doesNotMatch(body.error.message, /exploded/)
    assert.ok(logs.some((line) => line.event === 'request.crashed' && line.sessionId === id))
  })
})

describe('DELETE /api/sessions/:id', () => {
  it('Should answer 204, remove the sandbox, then answer 404', async () => {
    const { app, createSession, provider, logs } = await createTestApp()
    const { id, token } = await createSession()
    const deleted = await app.request(`/api/sessions/${id}`, { method: 'DELETE', headers: bearer(token) })
    assert.equal(deleted.status, 204)
    assert.equal(await deleted.text(), '')
    assert.deepEqual(provider.destroyed, [id])
    assert.ok(logs.some((line) => line.event === 'session.destroyed' && line.sessionId === id))
    const again = await app.request(`/api/sessions/${id}`, { method: 'DELETE', headers: bearer(token) })
    assert.equal(again.status, 404)
  })

  it('Should not delete with a wrong token', async () => {
    const { app, createSession, provider } = await createTestApp()
    const { id } = await createSession()
    const response = await app.request(`/api/sessions/${id}`, { method: 'DELETE', headers: bearer('x'.repeat(43)) })
    assert.equal(response.status, 401)
    assert.deepEqual(provider.destroyed, [])
  })
})

describe('Unknown API paths and large bodies', () => {
  it('Should answer 404 JSON for an unknown API path', async () => {
    const { app } = await createTestApp()
    const response = await app.request('/api/nothing-here')
    assert.equal(response.status, 404)
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'not_found')
  })

  it('Should answer 413 for a body over the limit', async () => {
    const { app } = await createTestApp({ overrides: { bodyLimitBytes: 10 } })
    const response = await app.request('/api/sessions', {
      method: 'POST',
      body: JSON.stringify({ padding: 'x'.repeat(100) }),
      headers: { 'Content-Type': 'application/json' },
    })
    assert.equal(response.status, 413)
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'body_too_large')
  })
})
