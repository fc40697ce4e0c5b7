/** @module Tests for the session client and the shared session store, against a fake fetch. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ApiError, parseRetryAfter, SESSION_STORAGE_KEY, SessionClient, terminalUrl, type Session } from './session-client.ts'
import { createSessionStore, DEFAULT_RETRY_MS, type StoreTimers } from './session-store.ts'

const NOW = Date.parse('2025-01-01T00:00:00Z')
const LATER = '2025-01-01T01:00:00Z'

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial))
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  }
}

interface Call {
  method: string
  url: string
  authorization: string | undefined
}

/** An answer of the fake server: status, JSON body, and headers if any. */
type Route = [status: number, body: unknown, headers?: Record<string, string>]

/** A fetch that answers from `routes` ("METHOD /path" → route) and records each call. */
function fakeFetch(routes: Record<string, Route>) {
  const calls: Call[] = []
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const method = init?.method ?? 'GET'
    const url = String(input)
    const headers = (init?.headers ?? {}) as Record<string, string>
    calls.push({ method, url, authorization: headers.authorization })
    const route = routes[`${method} ${url}`]
    if (!route) throw new TypeError('fetch failed')
    return new Response(JSON.stringify(route[1]), { status: route[0], headers: route[2] ?? {} })
  }
  return { fetch: fetch as typeof globalThis.fetch, calls }
}

const created = { id: 's2', token: 'tok2', expiresAt: LATER }
const stored: Session = { id: 's1', token: 'tok1', expiresAt: LATER }

function clientWith(routes: Record<string, Route>, storageItems: Record<string, string> = {}) {
  const storage = memoryStorage(storageItems)
  const { fetch, calls } = fakeFetch(routes)
  return { client: new SessionClient({ storage, fetch, now: () => NOW }), storage, calls }
}

describe('SessionClient', () => {
  it('creates a session when none is stored and stores it', async () => {
    const { client, storage, calls } = clientWith({ 'POST /api/sessions': [201, created] })
    assert.deepEqual(await client.open(), { session: created, renewed: false })
    assert.deepEqual(JSON.parse(storage.items.get(SESSION_STORAGE_KEY) ?? ''), created)
    assert.deepEqual(calls.map((c) => `${c.method} ${c.url}`), ['POST /api/sessions'])
  })

  it('reuses a stored session the server still knows, verified with the Bearer token', async () => {
    const { client, calls } = clientWith(
      { 'GET /api/sessions/s1': [200, { id: 's1', state: 'running', expiresAt: LATER }] },
      { [SESSION_STORAGE_KEY]: JSON.stringify(stored) },
    )
    assert.deepEqual(await client.open(), { session: stored, renewed: false })
    assert.equal(calls[0]?.authorization, 'Bearer tok1')
  })

  for (const [status, code] of [[401, 'invalid_token'], [404, 'session_not_found']] as const) {
    it(`replaces a stored session the server answers ${status} for`, async () => {
      const { client, storage } = clientWith(
        { 'GET /api/sessions/s1': [status, { error: { code, message: '없음' } }], 'POST /api/sessions': [201, created] },
        { [SESSION_STORAGE_KEY]: JSON.stringify(stored) },
      )
      assert.deepEqual(await client.open(), { session: created, renewed: true })
      assert.deepEqual(JSON.parse(storage.items.get(SESSION_STORAGE_KEY) ?? ''), created)
    })
  }

  it('ignores a malformed stored session', async () => {
    for (const value of ['{not json', '{"id":1}']) {
      const { client } = clientWith({ 'POST /api/sessions': [201, created] }, { [SESSION_STORAGE_KEY]: value })
      assert.deepEqual(await client.open(), { session: created, renewed: false })
    }
  })

  it('replaces a stored session past its expiry without asking the server, and says so', async () => {
    const expired = JSON.stringify({ ...stored, expiresAt: '2024-12-31T00:00:00Z' })
    const { client, calls } = clientWith({ 'POST /api/sessions': [201, created] }, { [SESSION_STORAGE_KEY]: expired })
    assert.deepEqual(await client.open(), { session: created, renewed: true })
    assert.deepEqual(calls.map((c) => `${c.method} ${c.url}`), ['POST /api/sessions'])
  })

  it('reads Retry-After in seconds or as a date', async () => {
    assert.equal(parseRetryAfter('30', NOW), 30_000)
    assert.equal(parseRetryAfter(new Date(NOW + 5_000).toUTCString(), NOW), 5_000)
    assert.equal(parseRetryAfter(new Date(NOW - 5_000).toUTCString(), NOW), 0)
    assert.equal(parseRetryAfter(null, NOW), null)
    assert.equal(parseRetryAfter('soon', NOW), null)
    const { client } = clientWith({ 'POST /api/sessions': [503, { error: { code: 'capacity_reached', message: '꽉 참' } }, { 'Retry-After': '20' }] })
    await assert.rejects(client.create(), { status: 503, code: 'capacity_reached', retryAfterMs: 20_000 })
  })

  it("carries the server's Korean error message and code", async () => {
    const { client } = clientWith({ 'POST /api/sessions': [503, { error: { code: 'engine_down', message: '엔진이 응답하지 않습니다' } }] })
    await assert.rejects(client.open(), (error: unknown) => {
      assert.ok(error instanceof ApiError)
      assert.equal(error.status, 503)
      assert.equal(error.code, 'engine_down')
      assert.equal(error.message, '엔진이 응답하지 않습니다')
      return true
    })
  })

  it('reports an unreachable server as a network error in Korean', async () => {
    const { client } = clientWith({})
    await assert.rejects(client.create(), { name: 'ApiError', code: 'network', message: '서버에 연결할 수 없습니다. 네트워크 연결을 확인해 주세요.' })
  })

  it('posts a check with the Bearer token and validates the answer', async () => {
    const result = { passed: false, conditions: [{ id: 'running', passed: false, message: '실행 중이 아닙니다', hint: 'docker ps' }] }
    const { client, calls } = clientWith({ 'POST /api/sessions/s1/checks/first-container/run-nginx': [200, result] })
    assert.deepEqual(await client.check(stored, 'first-container', 'run-nginx'), result)
    assert.equal(calls[0]?.authorization, 'Bearer tok1')
  })

  it('rejects a check answer that does not match the schema', async () => {
    const { client } = clientWith({ 'POST /api/sessions/s1/checks/l/e': [200, { passed: 'yes' }] })
    await assert.rejects(client.check(stored, 'l', 'e'), { code: 'bad_response' })
  })

  it('builds the terminal WebSocket URL on the page host, with the ticket and never the token', () => {
    assert.equal(terminalUrl(stored, 'tk', new URL('https://class.example/lessons/a/')), 'wss://class.example/api/sessions/s1/terminal?ticket=tk')
    assert.equal(terminalUrl(stored, 'tk', new URL('http://localhost:4321/')), 'ws://localhost:4321/api/sessions/s1/terminal?ticket=tk')
  })

  it('posts for a terminal ticket with the Bearer token', async () => {
    const { client, calls } = clientWith({ 'POST /api/sessions/s1/tickets': [201, { ticket: 'tk', expiresAt: LATER }] })
    assert.equal(await client.ticket(stored), 'tk')
    assert.equal(calls[0]?.authorization, 'Bearer tok1')
  })
})

describe('createSessionStore', () => {
  it('gives a terminal URL with a fresh ticket each time, and null once the session is gone', async () => {
    const routes: Record<string, Route> = {}
    const { client, calls } = clientWith(routes)
    const store = createSessionStore(client, () => NOW)
    const page = new URL('http://localhost:3000/lessons/a/')
    const ticketRoute = 'POST /api/sessions/s1/tickets'
    routes[ticketRoute] = [201, { ticket: 't1', expiresAt: LATER }]
    assert.equal(await store.terminalUrl(stored, page), 'ws://localhost:3000/api/sessions/s1/terminal?ticket=t1')
    routes[ticketRoute] = [201, { ticket: 't2', expiresAt: LATER }]
    assert.equal(await store.terminalUrl(stored, page), 'ws://localhost:3000/api/sessions/s1/terminal?ticket=t2')
    assert.equal(calls.length, 2)
    routes[ticketRoute] = [404, { error: { code: 'session_not_found', message: '없음' } }]
    assert.equal(await store.terminalUrl(stored, page), null)
  })

  it('shares one request between concurrent callers', async () => {
    const { client, calls } = clientWith({ 'POST /api/sessions': [201, created] })
    const store = createSessionStore(client, () => NOW)
    const [a, b] = await Promise.all([store.ensure(), store.ensure()])
    assert.equal(a, b)
    assert.equal(calls.length, 1)
    assert.deepEqual(store.state.get(), { status: 'ready', session: created, renewed: false })
  })

  it('publishes a failure and retries on the next call', async () => {
    const routes: Record<string, Route> = {}
    const { client } = clientWith(routes)
    const store = createSessionStore(client, () => NOW)
    await assert.rejects(store.ensure())
    assert.equal(store.state.get().status, 'failed')
    routes['POST /api/sessions'] = [201, created]
    assert.deepEqual(await store.ensure(), created)
  })

  it('renews the session when a check finds it gone, and still reports the failure', async () => {
    const { client } = clientWith(
      {
        'GET /api/sessions/s1': [200, {}],
        'POST /api/sessions/s1/checks/l/e': [404, { error: { code: 'session_not_found', message: '세션이 없습니다' } }],
        'POST /api/sessions': [201, created],
      },
      { [SESSION_STORAGE_KEY]: JSON.stringify(stored) },
    )
    const store = createSessionStore(client, () => NOW)
    await assert.rejects(store.check('l', 'e'), (error: unknown) => error instanceof ApiError && error.sessionGone)
    assert.deepEqual(await store.ensure(), created)
    assert.deepEqual(store.state.get(), { status: 'ready', session: created, renewed: true })
  })

  it('calls a session route with the token, a JSON body and extra headers; a missing file keeps the session', async () => {
    const sent: { url: string; init: RequestInit | undefined }[] = []
    const answers = [
      new Response(JSON.stringify({ path: 'a/Dockerfile', size: 4, version: '"v2"' }), { status: 200 }),
      new Response(JSON.stringify({ error: { code: 'file_not_found', message: '파일이 없습니다' } }), { status: 404 }),
    ]
    const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
      sent.push({ url: String(input), init })
      return answers.shift()!
    }) as typeof globalThis.fetch
    const client = new SessionClient({ storage: memoryStorage({ [SESSION_STORAGE_KEY]: JSON.stringify(stored) }), fetch, now: () => NOW })
    const store = createSessionStore(client, () => NOW)
    store.state.set({ status: 'ready', session: stored, renewed: false })
    const written = await store.request('PUT', 'files?path=a%2FDockerfile', { body: { content: 'FROM' }, headers: { 'if-match': '"v1"' } })
    assert.deepEqual(written, { path: 'a/Dockerfile', size: 4, version: '"v2"' })
    assert.equal(sent[0]?.url, '/api/sessions/s1/files?path=a%2FDockerfile')
    assert.equal(sent[0]?.init?.method, 'PUT')
    assert.equal(sent[0]?.init?.body, '{"content":"FROM"}')
    assert.deepEqual(sent[0]?.init?.headers, { accept: 'application/json', 'if-match': '"v1"', authorization: 'Bearer tok1', 'content-type': 'application/json' })
    await assert.rejects(store.request('GET', 'files?path=gone'), (error: unknown) => error instanceof ApiError && !error.sessionGone)
    assert.equal(store.state.get().status, 'ready', 'a missing file does not renew the session')
    assert.equal(sent.length, 2)
  })

  describe('when the server is full', () => {
    const full: Route = [503, { error: { code: 'capacity_reached', message: '지금은 실습 환경이 모두 사용 중입니다.' } }, { 'Retry-After': '30' }]

    /** Timers run by hand: `fire()` runs the one pending callback. */
    function manualTimers() {
      const pending = new Map<number, { callback: () => void; ms: number }>()
      let next = 0
      const timers: StoreTimers = {
        setTimer: (callback, ms) => (pending.set(++next, { callback, ms }), next),
        clearTimer: (timer) => void pending.delete(timer as number),
      }
      const fire = () => {
        const [id, timer] = [...pending][0]!
        pending.delete(id)
        timer.callback()
      }
      return { timers, pending, fire }
    }

    /** Resolves once the store leaves `opening`. */
    function settled(store: ReturnType<typeof createSessionStore>) {
      return new Promise<void>((resolve) => {
        const stop = store.state.subscribe(() => {
          if (store.state.get().status !== 'opening') (stop(), resolve())
        })
      })
    }

    it('waits as long as Retry-After says, then tries again by itself', async () => {
      const routes: Record<string, Route> = { 'POST /api/sessions': full }
      const { client, calls } = clientWith(routes)
      const { timers, pending, fire } = manualTimers()
      const store = createSessionStore(client, () => NOW, timers)
      await assert.rejects(store.ensure(), { code: 'capacity_reached' })
      const waiting = store.state.get()
      assert.ok(waiting.status === 'waiting')
      assert.equal(waiting.retryAt, NOW + 30_000)
      assert.equal(waiting.error.message, '지금은 실습 환경이 모두 사용 중입니다.')
      assert.deepEqual([...pending.values()].map((timer) => timer.ms), [30_000])
      routes['POST /api/sessions'] = [201, created]
      const done = settled(store)
      fire()
      await done
      assert.deepEqual(store.state.get(), { status: 'ready', session: created, renewed: false })
      assert.equal(calls.length, 2)
    })

    it('waits a default time when the server gives none, and keeps waiting while full', async () => {
      const { client } = clientWith({ 'POST /api/sessions': [full[0], full[1]] })
      const { timers, pending, fire } = manualTimers()
      const store = createSessionStore(client, () => NOW, timers)
      await assert.rejects(store.ensure())
      assert.deepEqual([...pending.values()].map((timer) => timer.ms), [DEFAULT_RETRY_MS])
      const again = settled(store)
      fire()
      await again
      assert.equal(store.state.get().status, 'waiting')
      assert.equal(pending.size, 1)
    })

    it('tries at once when asked while waiting, and a renewal stays a renewal', async () => {
      const routes: Record<string, Route> = { 'POST /api/sessions': full }
      const { client } = clientWith(routes)
      const { timers, pending } = manualTimers()
      const store = createSessionStore(client, () => NOW, timers)
      await assert.rejects(store.renew())
      routes['POST /api/sessions'] = [201, created]
      assert.deepEqual(await store.ensure(), created)
      assert.equal(pending.size, 0, 'the automatic retry is cancelled')
      assert.deepEqual(store.state.get(), { status: 'ready', session: created, renewed: true })
    })

    it('does not wait on errors that do not pass by themselves', async () => {
      const { client } = clientWith({ 'POST /api/sessions': [503, { error: { code: 'engine_down', message: '엔진' } }] })
      const { timers, pending } = manualTimers()
      const store = createSessionStore(client, () => NOW, timers)
      await assert.rejects(store.ensure())
      assert.equal(store.state.get().status, 'failed')
      assert.equal(pending.size, 0)
    })
  })
})
