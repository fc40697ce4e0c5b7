/** @module `GET /metrics` through `app.request()`: what the session routes count. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { bearer, createTestApp } from '../testing/test-app.ts'

/** The value of one sample line, e.g. `classroom_errors_total{code="missing_token"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

describe('GET /metrics', () => {
  it('Should count sessions, their ends, reaps, checks and errors in the Prometheus format', async () => {
    const { app, createSession, sessions, clock, settings } = await createTestApp()
    const deleted = await createSession()
    const checked = await createSession()
    await createSession()
    await app.request(`/api/sessions/${deleted.id}`, { method: 'DELETE', headers: bearer(deleted.token) })
    const check = await app.request(`/api/sessions/${checked.id}/checks/first-container/run-nginx`, {
      method: 'POST',
      headers: bearer(checked.token),
    })
    assert.equal(check.status, 200)
    await app.request(`/api/sessions/${checked.id}`)
    clock.now += settings.sessionTtlMs
    await sessions.reapExpired()

    const response = await app.request('/metrics')
    assert.equal(response.status, 200)
    assert.match(response.headers.get('Content-Type') ?? '', /^text\/plain; version=0\.0\.4/)
    const text = await response.text()
    assert.equal(sample(text, 'classroom_sessions_active'), 0)
    assert.equal(sample(text, 'classroom_session_creations_total{result="ok"}'), 3)
    assert.equal(sample(text, 'classroom_session_create_seconds_count'), 3)
    assert.equal(sample(text, 'classroom_session_deletions_total{reason="deleted"}'), 1)
    assert.equal(sample(text, 'classroom_session_deletions_total{reason="expired"}'), 2)
    assert.equal(sample(text, 'classroom_session_reaps_total{reason="expired"}'), 2)
    assert.equal(sample(text, 'classroom_check_seconds_count'), 1)
    assert.equal(sample(text, 'classroom_errors_total{code="missing_token"}'), 1)
  })

  it('Should count a refused creation by its code', async () => {
    const { app, createSession } = await createTestApp({ overrides: { maxSessions: 1 } })
    await createSession()
    await app.request('/api/sessions', { method: 'POST' })
    const text = await (await app.request('/metrics')).text()
    assert.equal(sample(text, 'classroom_sessions_active'), 1)
    assert.equal(sample(text, 'classroom_session_creations_total{result="capacity_reached"}'), 1)
    assert.equal(sample(text, 'classroom_errors_total{code="capacity_reached"}'), 1)
  })
})
