/** @module Tests for reading the engine's event stream: the parser, and following the page's session. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createStore } from '../store.ts'
import { EventStreamParser, followEngineEvents, type StreamEvent } from './engine-events.ts'
import type { Session } from './session-client.ts'
import type { SessionState } from './session-store.ts'

describe('EventStreamParser', () => {
  it('parses named events with JSON data and skips comments', () => {
    const parser = new EventStreamParser()
    const text = ': heartbeat\n\nevent: snapshot\ndata: {"containers":[],"images":[]}\n\nevent: container\ndata: {"action":"start"}\n\n'
    assert.deepEqual(parser.push(text), [
      { event: 'snapshot', data: { containers: [], images: [] } },
      { event: 'container', data: { action: 'start' } },
    ])
  })

  it('joins events cut across chunks anywhere, CRLF included', () => {
    const parser = new EventStreamParser()
    const text = 'event: image\r\ndata: {"action":\r\ndata: "pull"}\r\n\r\nevent: end\r\ndata: {}\r\n\r\n'
    const events: StreamEvent[] = []
    for (const char of text) events.push(...parser.push(char))
    assert.deepEqual(events, [
      { event: 'image', data: { action: 'pull' } },
      { event: 'end', data: {} },
    ])
  })

  it('joins multi-line data with newlines and names unnamed events "message"', () => {
    const parser = new EventStreamParser()
    assert.deepEqual(parser.push('data: [1,\ndata: 2]\n\n'), [{ event: 'message', data: [1, 2] }])
  })
})

/** A fetch whose answers are queued: each is a status and the chunks of its body (then it ends). */
function fakeEventServer() {
  const calls: { url: string; authorization: string | undefined }[] = []
  const answers: { status: number; chunks: string[]; hold?: boolean }[] = []
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), authorization: (init?.headers as Record<string, string>).authorization })
    const answer = answers.shift() ?? { status: 200, chunks: [], hold: true }
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of answer.chunks) controller.enqueue(new TextEncoder().encode(chunk))
        if (!answer.hold) controller.close()
        init?.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')))
      },
    })
    return new Response(body, { status: answer.status })
  }) as typeof globalThis.fetch
  return { fetch, calls, answers }
}

const sessionA: Session = { id: 'a', token: 'ta', expiresAt: '2099-01-01T00:00:00Z' }
const sessionB: Session = { id: 'b', token: 'tb', expiresAt: '2099-01-01T00:00:00Z' }

function readyStore(session: Session) {
  const state = createStore<SessionState>({ status: 'ready', session, renewed: false })
  return { state, ensure: async () => session }
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Waits until `condition` holds, for up to 2 s (a busy machine may be slow to run the timers). */
async function until(condition: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 2_000; !condition(); await tick(5)) {
    if (Date.now() > deadline) throw new Error('timed out')
  }
}

describe('followEngineEvents', () => {
  it("delivers the session's events with its token, and reconnects after the stream breaks", async () => {
    const server = fakeEventServer()
    server.answers.push({ status: 200, chunks: ['event: snapshot\ndata: {"containers":[]}\n\n'] })
    const events: StreamEvent[] = []
    const stop = followEngineEvents(readyStore(sessionA), (event) => events.push(event), { fetch: server.fetch, retryMs: 10 })
    await until(() => server.calls.length === 2)
    stop()
    assert.deepEqual(events, [{ event: 'snapshot', data: { containers: [] } }])
    assert.deepEqual(server.calls.slice(0, 2), [
      { url: '/api/sessions/a/events', authorization: 'Bearer ta' },
      { url: '/api/sessions/a/events', authorization: 'Bearer ta' },
    ])
  })

  it('stops at "end" and at a session the server does not know, and moves to a new session', async () => {
    const server = fakeEventServer()
    server.answers.push({ status: 200, chunks: ['event: end\ndata: {}\n\n'], hold: true })
    const store = readyStore(sessionA)
    const events: string[] = []
    const stop = followEngineEvents(store, (event) => events.push(event.event), { fetch: server.fetch, retryMs: 5 })
    await until(() => events.length === 1)
    await tick(40)
    assert.equal(server.calls.length, 1, '"end" is not retried')
    server.answers.push({ status: 404, chunks: [] })
    store.state.set({ status: 'ready', session: sessionB, renewed: true })
    await until(() => server.calls.length === 2)
    await tick(40)
    assert.deepEqual(server.calls.map((call) => call.url), ['/api/sessions/a/events', '/api/sessions/b/events'], 'a 404 is not retried')
    stop()
    assert.deepEqual(events, ['end'])
  })

  it('closes the stream when stopped, without reconnecting', async () => {
    const server = fakeEventServer()
    const stop = followEngineEvents(readyStore(sessionA), () => {}, { fetch: server.fetch, retryMs: 5 })
    await until(() => server.calls.length === 1)
    stop()
    await tick(40)
    assert.equal(server.calls.length, 1)
  })
})
