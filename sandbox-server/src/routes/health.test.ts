/** @module The health route. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createTestApp } from '../testing/test-app.ts'

describe('GET /healthz', () => {
  it('Should answer 200 with the isolation mode when engine and registry answer', async () => {
    const { app } = await createTestApp()
    const response = await app.request('/healthz')
    assert.equal(response.status, 200)
    assert.deepEqual(await response.json(), { ok: true, engine: 'ok', registry: 'ok', isolation: 'capabilities', pool: { ready: 0, starting: 0, target: 0 } })
  })

  it('Should answer 503 naming the engine when it is down', async () => {
    const test = await createTestApp()
    test.provider.engineUp = false
    const response = await test.app.request('/healthz')
    assert.equal(response.status, 503)
    assert.deepEqual(await response.json(), { ok: false, engine: 'error', registry: 'ok', isolation: 'capabilities', pool: { ready: 0, starting: 0, target: 0 } })
  })

  it('Should answer 503 naming the registry when it is down', async () => {
    const test = await createTestApp()
    test.registry.up = false
    const response = await test.app.request('/healthz')
    assert.equal(response.status, 503)
    assert.equal(((await response.json()) as { registry: string }).registry, 'error')
  })
})
