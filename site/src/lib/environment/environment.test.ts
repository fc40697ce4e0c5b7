/**
 * @module Tests for the "내 환경" model: it draws from the events stream of the page's session,
 * moves containers on events at once, asks for the full lists only after events settle, and starts
 * a clean picture for a new session.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createStore } from '../store.ts'
import type { Session } from '../session/session-client.ts'
import type { SessionState } from '../session/session-store.ts'
import { createEnvironment, SETTLE_MS } from './environment.ts'

const sessionA: Session = { id: 'a', token: 'ta', expiresAt: '2099-01-01T00:00:00Z' }
const sessionB: Session = { id: 'b', token: 'tb', expiresAt: '2099-01-01T00:00:00Z' }

/** An events endpoint whose streams stay open; the test writes events into the latest one. */
function eventServer() {
  const streams: { url: string; write: (event: string, data: unknown) => void }[] = []
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    let controller!: ReadableStreamDefaultController<Uint8Array>
    const body = new ReadableStream<Uint8Array>({ start: (opened) => void (controller = opened) })
    init?.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')))
    streams.push({
      url: String(input),
      write: (event, data) => controller.enqueue(new TextEncoder().encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)),
    })
    return new Response(body, { status: 200 })
  }) as typeof globalThis.fetch
  return { fetch, streams }
}

function manualTimers() {
  const pending = new Map<number, { callback: () => void; ms: number }>()
  let next = 0
  return {
    pending,
    setTimer: (callback: () => void, ms: number) => {
      pending.set(++next, { callback, ms })
      return next
    },
    clearTimer: (timer: unknown) => void pending.delete(timer as number),
    fireAll() {
      const due = [...pending.values()]
      pending.clear()
      for (const { callback } of due) callback()
    },
  }
}

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms))

async function until(condition: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 2_000; !condition(); await tick(5)) {
    if (Date.now() > deadline) throw new Error('timed out')
  }
}

function setup() {
  const server = eventServer()
  const timers = manualTimers()
  const state = createStore<SessionState>({ status: 'ready', session: sessionA, renewed: false })
  const requests: string[] = []
  const engine = {
    images: [{ id: 'sha256:1', tags: ['nginx:latest'], size: 1, created: null, layerCount: 1, layersMatched: true, steps: [] }],
    containers: [{ id: 'c1', name: 'web', image: 'nginx', state: 'paused' }],
  }
  const sessions = {
    state,
    ensure: async () => sessionA,
    async request(method: string, route: string) {
      requests.push(`${method} ${route}`)
      return route === 'images' ? { images: engine.images } : { containers: engine.containers }
    },
  }
  const environment = createEnvironment({ sessions, follow: { fetch: server.fetch, retryMs: 5 }, ...timers })
  return { server, timers, state, requests, environment }
}

describe('environment', () => {
  it('draws the snapshot, moves a container on its event at once, and asks for the lists once events settle', async () => {
    const { server, timers, requests, environment } = setup()
    const stop = environment.start()
    await until(() => server.streams.length === 1)
    assert.equal(server.streams[0]!.url, '/api/sessions/a/events')
    server.streams[0]!.write('snapshot', { containers: [{ id: 'c1', name: 'web', image: 'nginx', state: 'created' }], images: [] })
    await until(() => environment.state.get().status === 'live')
    assert.equal(environment.state.get().containers[0]?.stage, 'created')
    assert.equal(environment.state.get().lastMove, null, 'what the snapshot shows is not announced')

    server.streams[0]!.write('container', { type: 'container', action: 'start', id: 'c1', name: 'web', time: 1 })
    server.streams[0]!.write('container', { type: 'container', action: 'pause', id: 'c1', name: 'web', time: 2 })
    await until(() => environment.state.get().containers[0]?.stage === 'paused')
    assert.deepEqual(environment.state.get().lastMove, { name: 'web', from: 'running', to: 'paused' })
    assert.deepEqual(requests, [], 'nothing is asked for before events settle')
    assert.deepEqual(
      [...timers.pending.values()].map(({ ms }) => ms),
      [SETTLE_MS, SETTLE_MS],
      'one wait for the images (snapshot), one for the containers (both events)',
    )
    timers.fireAll()
    await until(() => environment.state.get().images !== null)
    assert.deepEqual(requests.sort(), ['GET containers', 'GET images'])
    assert.equal(environment.state.get().images?.[0]?.tags[0], 'nginx:latest')

    server.streams[0]!.write('image', { type: 'image', action: 'tag', id: 'sha256:1', time: 3 })
    await until(() => timers.pending.size === 1)
    stop()
    assert.equal(timers.pending.size, 0, 'stopping clears the waits')
  })

  it('starts a clean picture when the session is replaced', async () => {
    const { server, state, environment } = setup()
    const stop = environment.start()
    await until(() => server.streams.length === 1)
    server.streams[0]!.write('snapshot', { containers: [{ id: 'c1', name: 'web', image: 'nginx', state: 'running' }], images: [] })
    await until(() => environment.state.get().containers.length === 1)

    state.set({ status: 'ready', session: sessionB, renewed: true })
    await until(() => server.streams.length === 2)
    assert.equal(server.streams[1]!.url, '/api/sessions/b/events')
    server.streams[1]!.write('snapshot', { containers: [], images: [] })
    await until(() => environment.state.get().containers.length === 0)
    assert.equal(environment.state.get().lastMove, null)
    stop()
  })
})
