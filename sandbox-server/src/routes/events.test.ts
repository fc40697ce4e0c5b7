/** @module The engine events stream through `app.request()` on the fake provider. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Hono } from 'hono'
import { silentLogger } from '../logger.ts'
import { errorHandler } from '../middleware/error-handler/index.ts'
import type { EngineEvent } from '../sandbox/provider.ts'
import { SseReader } from '../testing/sse-client.ts'
import { bearer, createTestApp } from '../testing/test-app.ts'
import { eventRoutes } from './events.ts'

const started: EngineEvent = { type: 'container', action: 'start', id: 'abc', name: 'web', image: 'nginx', time: 1 }

describe('GET /api/sessions/:id/events', () => {
  it('Should send a snapshot, then engine events, and let go of the engine when the client leaves', async () => {
    const test = await createTestApp()
    const { id, token } = await test.createSession()
    const sandbox = test.provider.sandboxes.get(id)!
    sandbox.containers.push({ name: 'old', image: 'busybox', running: false })
    sandbox.images.push({ id: 'sha256:1', tags: ['busybox:latest'] })
    const response = await test.app.request(`/api/sessions/${id}/events`, { headers: bearer(token) })
    assert.equal(response.status, 200)
    assert.match(response.headers.get('Content-Type') ?? '', /^text\/event-stream/)
    const stream = new SseReader(response)

    const snapshot = await stream.waitFor((event) => event.event === 'snapshot')
    assert.deepEqual(JSON.parse(snapshot.data), {
      containers: [{ id: 'old', name: 'old', image: 'busybox', state: 'exited' }],
      images: [{ id: 'sha256:1', tags: ['busybox:latest'] }],
    })
    assert.equal(sandbox.engine.listenerCount('event'), 1, 'the engine is watched')
    sandbox.engine.emit('event', started)
    const relayed = await stream.waitFor((event) => event.event === 'container')
    assert.deepEqual(JSON.parse(relayed.data), started)

    await stream.cancel()
    await new Promise((resolve) => setImmediate(resolve))
    assert.equal(sandbox.engine.listenerCount('event'), 0, 'no engine stream is left open')
    assert.ok(test.logs.some((line) => line.event === 'events.closed'))
  })

  it('Should end the stream with an end event when the session is deleted', async () => {
    const test = await createTestApp()
    const { id, token } = await test.createSession()
    const { engine } = test.provider.sandboxes.get(id)!
    const stream = new SseReader(await test.app.request(`/api/sessions/${id}/events`, { headers: bearer(token) }))
    await stream.waitFor((event) => event.event === 'snapshot')
    const deleted = await test.app.request(`/api/sessions/${id}`, { method: 'DELETE', headers: bearer(token) })
    assert.equal(deleted.status, 204)
    await stream.ended
    assert.equal(stream.events.at(-1)?.event, 'end')
    assert.equal(engine.listenerCount('event'), 0)
  })

  it('Should send a heartbeat comment while the engine is quiet', async () => {
    const test = await createTestApp()
    const { id, token } = await test.createSession()
    const app = new Hono()
      .route('/api/sessions', eventRoutes({ sessions: test.sessions, provider: test.provider, logger: silentLogger, heartbeatMs: 10 }))
      .onError(errorHandler({ logger: silentLogger }))
    const stream = new SseReader(await app.request(`/api/sessions/${id}/events`, { headers: bearer(token) }))
    await stream.waitFor((event) => event.event === 'snapshot')
    await new Promise((resolve) => setTimeout(resolve, 50))
    assert.ok(stream.comments.includes('heartbeat'), `comments: ${JSON.stringify(stream.comments)}`)
    await stream.cancel()
  })

  it('Should answer 401 without the token and 409 for a stopped workstation, before streaming', async () => {
    const test = await createTestApp()
    const { id, token } = await test.createSession()
    assert.equal((await test.app.request(`/api/sessions/${id}/events`)).status, 401)
    test.provider.sandboxes.get(id)!.running = false
    const stopped = await test.app.request(`/api/sessions/${id}/events`, { headers: bearer(token) })
    assert.equal(stopped.status, 409)
    assert.equal(((await stopped.json()) as { error: { code: string } }).error.code, 'session_stopped')
  })
})
