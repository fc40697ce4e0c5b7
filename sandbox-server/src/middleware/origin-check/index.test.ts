/** @module The Origin allow-list, on a small app. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Hono } from 'hono'
import { silentLogger } from '../../logger.ts'
import { readSettings } from '../../settings.ts'
import { errorHandler } from '../error-handler/index.ts'
import { defaultAllowedOrigins, originCheck } from './index.ts'

function guarded(allowed: readonly string[]) {
  const app = new Hono()
    .get('/x', originCheck({ allowed }), (c) => c.text('ok'))
    .onError(errorHandler({ logger: silentLogger }))
  return (origin?: string) => app.request('/x', { headers: origin === undefined ? {} : { Origin: origin } })
}

describe('Origin check middleware', () => {
  it('Should let through an exact allowed origin and a request without one, and refuse others with 403', async () => {
    const request = guarded(defaultAllowedOrigins(3000, 'https://class.example/course/'))
    for (const origin of ['http://localhost:3000', 'http://127.0.0.1:3000', 'https://class.example', undefined]) {
      assert.equal((await request(origin)).status, 200, `origin ${origin}`)
    }
    for (const origin of ['http://localhost:3001', 'https://class.example.evil.example', 'http://class.example', 'null']) {
      const response = await request(origin)
      assert.equal(response.status, 403, `origin ${origin}`)
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'origin_not_allowed')
    }
  })

  it('Should read ALLOWED_ORIGINS as a list of origins and refuse what is not one', () => {
    const settings = readSettings({ ALLOWED_ORIGINS: 'https://a.example/, http://b.example:8080' })
    assert.deepEqual(settings.allowedOrigins, ['https://a.example', 'http://b.example:8080'])
    assert.throws(() => readSettings({ ALLOWED_ORIGINS: 'a.example' }), /ALLOWED_ORIGINS/)
  })
})
