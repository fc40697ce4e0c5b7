/** @module Tests for the terminal's status line. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ApiError } from '../session/session-client.ts'
import { statusLine } from './terminal-status.ts'

const NOW = Date.parse('2025-01-01T00:00:00Z')
const session = { id: 's1', token: 'tok', expiresAt: '2025-01-01T02:00:00Z' }

function retries() {
  const calls: string[] = []
  return { calls, retries: { session: () => calls.push('session'), link: () => calls.push('link') } }
}

describe('statusLine', () => {
  it('counts the seconds spent creating, outside the announced text', () => {
    const line = statusLine({ status: 'opening', since: NOW - 12_400 }, null, NOW, retries().retries)
    assert.deepEqual(line, { state: 'creating', text: '작업 환경을 준비하고 있습니다…', detail: '(12초)' })
  })

  it('counts down to the automatic retry when the server is full, and offers to retry now', () => {
    const { calls, retries: r } = retries()
    const error = new ApiError(503, 'capacity_reached', '꽉 찼습니다', 30_000)
    const line = statusLine({ status: 'waiting', retryAt: NOW + 29_100, error }, null, NOW, r)
    assert.equal(line.state, 'waiting')
    assert.match(line.text, /모두 사용 중/)
    assert.equal(line.detail, '(30초 뒤)')
    assert.equal(line.retry?.label, '지금 다시 시도')
    line.retry?.run()
    assert.deepEqual(calls, ['session'])
  })

  it('says when the learner made sessions too fast', () => {
    const error = new ApiError(429, 'rate_limited', '너무 자주', 5_000)
    const line = statusLine({ status: 'waiting', retryAt: NOW - 1, error }, null, NOW, retries().retries)
    assert.match(line.text, /너무 많이 만들었습니다/)
    assert.equal(line.detail, '(0초 뒤)')
  })

  it('tells a learner whose session was replaced that their progress is kept', () => {
    const line = statusLine({ status: 'ready', session, renewed: true }, 'open', NOW, retries().retries)
    assert.equal(line.state, 'connected')
    assert.match(line.text, /새 작업 환경을 만들었습니다/)
    assert.match(line.text, /통과한 실습 기록은 그대로/)
  })

  it('offers the right retry for a failed session and for a terminal that gave up', () => {
    const { calls, retries: r } = retries()
    const failed = statusLine({ status: 'failed', error: new ApiError(0, 'network', '연결 불가') }, null, NOW, r)
    assert.deepEqual([failed.state, failed.text], ['error', '작업 환경을 준비하지 못했습니다. 연결 불가'])
    failed.retry?.run()
    statusLine({ status: 'ready', session, renewed: false }, 'failed', NOW, r).retry?.run()
    assert.deepEqual(calls, ['session', 'link'])
  })
})
