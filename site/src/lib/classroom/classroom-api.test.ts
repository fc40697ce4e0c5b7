/** @module Tests for the classroom API calls of the site. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { memberRequest, type MemberCredentials } from './classroom-api.ts'

const MEMBER: MemberCredentials = { id: 'a1b2', token: 'secret', nickname: '민수', classId: 'c1', className: '토요 워크숍' }

describe('memberRequest', () => {
  it("asks the member's own routes with their token, the member view without a trailing slash", async () => {
    const asked: { url: string; method: string; authorization: string | undefined }[] = []
    const fakeFetch = (async (url: string, init: RequestInit) => {
      asked.push({ url, method: init.method ?? '', authorization: (init.headers as Record<string, string>).authorization })
      return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } })
    }) as unknown as typeof fetch
    await memberRequest(MEMBER, 'GET', '', { fetch: fakeFetch })
    await memberRequest(MEMBER, 'POST', 'session', { fetch: fakeFetch })
    assert.deepEqual(asked, [
      { url: '/api/classroom/members/a1b2', method: 'GET', authorization: 'Bearer secret' },
      { url: '/api/classroom/members/a1b2/session', method: 'POST', authorization: 'Bearer secret' },
    ])
  })
})
