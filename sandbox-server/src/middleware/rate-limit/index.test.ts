/** @module The token-bucket rate limit, on a small app with a clock the test moves. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Hono } from 'hono'
import { errorHandler } from '../error-handler/index.ts'
import { silentLogger } from '../../logger.ts'
import { rateLimit } from './index.ts'

function limitedApp() {
  const clock = { now: 0 }
  const app = new Hono()
    .post(
      '/x',
      rateLimit({
        perMinute: 6,
        burst: 2,
        message: 'session.rateLimited',
        key: (c) => c.req.header('X-Client') ?? 'anonymous',
        now: () => clock.now,
      }),
      (c) => c.text('ok'),
    )
    .onError(errorHandler({ logger: silentLogger }))
  const post = (client = 'a') => app.request('/x', { method: 'POST', headers: { 'X-Client': client } })
  return { post, clock }
}

describe('Rate limit middleware', () => {
  it('Should allow a burst, then answer 429 in Korean with Retry-After', async () => {
    const { post } = limitedApp()
    assert.equal((await post()).status, 200)
    assert.equal((await post()).status, 200)
    const refused = await post()
    assert.equal(refused.status, 429)
    assert.equal(refused.headers.get('Retry-After'), '10')
    const body = (await refused.json()) as { error: { code: string; message: string } }
    assert.equal(body.error.code, 'rate_limited')
    assert.match(body.error.message, /[가-힣]/)
  })

  it('Should refill at the rate and count each client apart', async () => {
    const { post, clock } = limitedApp()
    await post()
    await post()
    assert.equal((await post()).status, 429)
    assert.equal((await post('b')).status, 200, 'another client has its own bucket')
    clock.now = 9_999
    assert.equal((await post()).status, 429)
    assert.equal((await post()).headers.get('Retry-After'), '1')
    clock.now = 10_000
    assert.equal((await post()).status, 200)
    assert.equal((await post()).status, 429)
  })
})
