/** @module Tests for the learner's progress record. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  adoptLearnerId,
  hasPassed,
  hasStarted,
  lessonProgress,
  markPassed,
  markVisited,
  nextLesson,
  onProgressChange,
  parseLearnerKey,
  PROGRESS_API,
  PROGRESS_STORAGE_KEY,
  readProgress,
  startProgressSync,
  syncProgress,
} from './progress.ts'

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial))
  return { items, getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value) }
}

const LESSONS = [
  { id: 'first-container', exerciseIds: ['run-nginx'] },
  { id: 'reading-only', exerciseIds: [] },
  { id: 'images', exerciseIds: ['pause', 'rename'] },
]

describe('progress', () => {
  it('makes an anonymous learner id once and keeps it', () => {
    const storage = memoryStorage()
    const first = readProgress(storage).learnerId
    assert.match(first, /^[0-9a-f]{32}$/)
    assert.equal(readProgress(storage).learnerId, first)
    markPassed(storage, 'first-container', 'run-nginx')
    assert.equal(readProgress(storage).learnerId, first)
  })

  it('remembers a passed exercise with the time of its first pass', () => {
    const storage = memoryStorage()
    assert.equal(hasPassed(readProgress(storage), 'first-container', 'run-nginx'), false)
    markPassed(storage, 'first-container', 'run-nginx', { at: new Date('2025-01-01T00:00:00Z') })
    markPassed(storage, 'first-container', 'run-nginx', { at: new Date('2025-02-01T00:00:00Z') })
    const progress = readProgress(storage)
    assert.equal(hasPassed(progress, 'first-container', 'run-nginx'), true)
    assert.deepEqual(progress.passed, { 'first-container/run-nginx': '2025-01-01T00:00:00.000Z' })
  })

  it('treats an unreadable or ill-shaped record as empty', () => {
    for (const stored of ['oops', '[]', '{"passed": {"a/b": 1}, "visited": "x"}']) {
      const progress = readProgress(memoryStorage({ [PROGRESS_STORAGE_KEY]: stored }))
      assert.deepEqual([progress.passed, progress.visited], [{}, {}])
      assert.equal(hasStarted(progress), false)
    }
  })

  it('counts a lesson finished when every exercise passed, or when opened if it has none', () => {
    const storage = memoryStorage()
    const images = LESSONS[2]!
    markPassed(storage, 'images', 'pause')
    assert.deepEqual(lessonProgress(readProgress(storage), images), { done: 1, total: 2, finished: false })
    markPassed(storage, 'images', 'rename')
    assert.deepEqual(lessonProgress(readProgress(storage), images), { done: 2, total: 2, finished: true })
    assert.equal(lessonProgress(readProgress(storage), LESSONS[1]!).finished, false)
    markVisited(storage, 'reading-only')
    assert.deepEqual(lessonProgress(readProgress(storage), LESSONS[1]!), { done: 0, total: 0, finished: true })
  })

  it('points to the first unfinished lesson in course order, and to none when all are done', () => {
    const storage = memoryStorage()
    assert.equal(hasStarted(readProgress(storage)), false)
    assert.equal(nextLesson(readProgress(storage), LESSONS)?.id, 'first-container')
    markPassed(storage, 'first-container', 'run-nginx')
    assert.equal(hasStarted(readProgress(storage)), true)
    assert.equal(nextLesson(readProgress(storage), LESSONS)?.id, 'reading-only')
    markVisited(storage, 'reading-only')
    markPassed(storage, 'images', 'rename')
    assert.equal(nextLesson(readProgress(storage), LESSONS)?.id, 'images')
    markPassed(storage, 'images', 'pause')
    assert.equal(nextLesson(readProgress(storage), LESSONS), null)
  })

  it('announces changes made here and in other tabs, but not repeats', () => {
    const events = new EventTarget()
    const storage = memoryStorage()
    let calls = 0
    const stop = onProgressChange(() => calls++, events)
    markPassed(storage, 'images', 'pause', { events })
    markPassed(storage, 'images', 'pause', { events })
    markVisited(storage, 'images', { events })
    const otherTab = Object.assign(new Event('storage'), { key: PROGRESS_STORAGE_KEY })
    events.dispatchEvent(otherTab)
    events.dispatchEvent(Object.assign(new Event('storage'), { key: 'unrelated' }))
    assert.equal(calls, 3)
    stop()
    markPassed(storage, 'images', 'rename', { events })
    assert.equal(calls, 3)
  })

  it('replaces a learner id that is not 128 random bits in hex, keeping the progress', () => {
    const storage = memoryStorage({ [PROGRESS_STORAGE_KEY]: JSON.stringify({ learnerId: 'guessable', passed: { 'a/b': '2025-01-01T00:00:00.000Z' } }) })
    const progress = readProgress(storage)
    assert.match(progress.learnerId, /^[0-9a-f]{32}$/)
    assert.deepEqual(progress.passed, { 'a/b': '2025-01-01T00:00:00.000Z' })
  })

  it('reads a learner key typed in from another browser, forgiving spaces and upper case, and nothing else', () => {
    const key = 'a'.repeat(16) + '0123456789abcdef'
    assert.equal(parseLearnerKey(`  ${key.toUpperCase()}\n`), key)
    for (const wrong of ['', key.slice(1), `${key}0`, `${key.slice(1)}g`, `${key.slice(0, 16)} ${key.slice(16)}`]) {
      assert.equal(parseLearnerKey(wrong), null, JSON.stringify(wrong))
    }
  })

  it("takes another browser's learner key and keeps what this browser recorded", () => {
    const storage = memoryStorage()
    markPassed(storage, 'first-container', 'run-nginx', { at: new Date('2030-01-01T00:00:00Z') })
    const other = 'b'.repeat(32)
    adoptLearnerId(storage, other)
    const progress = readProgress(storage)
    assert.equal(progress.learnerId, other)
    assert.deepEqual(progress.passed, { 'first-container/run-nginx': '2030-01-01T00:00:00.000Z' })
  })
})

/**
 * A progress server in memory: merges as the real one does (earliest time per item, items outside
 * its course, here those named `old-…`, dropped) and records requests.
 */
function fakeProgressServer(held: { passed: Record<string, string>; visited: Record<string, string> } = { passed: {}, visited: {} }) {
  const requests: { method: string; authorization: string | null; body: { passed: Record<string, string>; visited: Record<string, string> } }[] = []
  let refuse: { status: number; retryAfter?: string } | null = null
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    assert.equal(String(input), PROGRESS_API)
    const body = JSON.parse(String(init?.body)) as (typeof requests)[number]['body']
    requests.push({ method: init?.method ?? 'GET', authorization: new Headers(init?.headers).get('authorization'), body })
    if (refuse) return new Response('{}', { status: refuse.status, headers: refuse.retryAfter ? { 'retry-after': refuse.retryAfter } : {} })
    for (const kind of ['passed', 'visited'] as const) {
      for (const [item, at] of Object.entries(body[kind])) {
        if (item.startsWith('old-')) continue
        const known = held[kind][item]
        if (!known || Date.parse(at) < Date.parse(known)) held[kind][item] = at
      }
    }
    return Response.json(held)
  }) as typeof globalThis.fetch
  return { fetch, requests, held, refuseWith: (answer: typeof refuse) => (refuse = answer) }
}

/** Timers the test fires by hand. */
function manualTimers() {
  const pending = new Map<number, () => void>()
  let next = 0
  return {
    pending,
    setTimer: (callback: () => void) => {
      pending.set(++next, callback)
      return next
    },
    clearTimer: (timer: unknown) => void pending.delete(timer as number),
    fireAll: () => {
      const callbacks = [...pending.values()]
      pending.clear()
      for (const callback of callbacks) callback()
    },
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('progress on the server', () => {
  it('sends local progress under the learner id as a Bearer key and takes in the earlier items the server has', async () => {
    const storage = memoryStorage()
    markPassed(storage, 'images', 'pause', { at: new Date('2025-03-01T00:00:00Z') })
    const server = fakeProgressServer({
      passed: { 'images/pause': '2025-01-01T00:00:00.000Z', 'first-container/run-nginx': '2025-01-02T00:00:00.000Z' },
      visited: { images: '2025-01-01T00:00:00.000Z' },
    })
    const events = new EventTarget()
    let announced = 0
    onProgressChange(() => announced++, events)
    const outcome = await syncProgress(storage, { fetch: server.fetch, events })
    assert.equal(outcome.ok, true)
    const { learnerId, passed, visited } = readProgress(storage)
    assert.equal(server.requests[0]?.authorization, `Bearer ${learnerId}`)
    assert.equal(server.requests[0]?.method, 'PUT')
    assert.deepEqual(passed, { 'images/pause': '2025-01-01T00:00:00.000Z', 'first-container/run-nginx': '2025-01-02T00:00:00.000Z' })
    assert.deepEqual(visited, { images: '2025-01-01T00:00:00.000Z' })
    assert.equal(announced, 1)
    assert.equal(lessonProgress(readProgress(storage), LESSONS[0]!).finished, true, 'a pass made in another browser counts here')
  })

  it('brings a new browser with the same learner id up to date, and the server keeps the first browser\'s progress', async () => {
    const server = fakeProgressServer()
    const first = memoryStorage()
    markPassed(first, 'first-container', 'run-nginx')
    await syncProgress(first, { fetch: server.fetch })
    const second = memoryStorage({ [PROGRESS_STORAGE_KEY]: JSON.stringify({ learnerId: readProgress(first).learnerId }) })
    await syncProgress(second, { fetch: server.fetch })
    assert.equal(hasPassed(readProgress(second), 'first-container', 'run-nginx'), true)
  })

  it('syncs once at start, then after each change the server lacks, and not after taking in the server\'s own items', async () => {
    const storage = memoryStorage()
    const server = fakeProgressServer({ passed: { 'images/pause': '2025-01-01T00:00:00.000Z' }, visited: {} })
    const events = new EventTarget()
    const timers = manualTimers()
    const stop = startProgressSync(storage, { fetch: server.fetch, events, ...timers })
    await settle()
    assert.equal(server.requests.length, 1)
    assert.equal(hasPassed(readProgress(storage), 'images', 'pause'), true)
    assert.equal(timers.pending.size, 0, 'taking in the server\'s item sends nothing back')

    markPassed(storage, 'images', 'rename', { events })
    markVisited(storage, 'images', { events })
    assert.equal(timers.pending.size, 1, 'a burst of changes is sent once')
    timers.fireAll()
    await settle()
    assert.equal(server.requests.length, 2)
    assert.deepEqual(Object.keys(server.held.passed).sort(), ['images/pause', 'images/rename'])
    markPassed(storage, 'images', 'pause', { events })
    assert.equal(timers.pending.size, 0, 'a change the server has already is not sent')
    stop()
  })

  it('does not send again an item the server dropped (not in its course)', async () => {
    const storage = memoryStorage()
    markPassed(storage, 'old-lesson', 'renamed')
    const server = fakeProgressServer()
    const events = new EventTarget()
    const timers = manualTimers()
    const stop = startProgressSync(storage, { fetch: server.fetch, events, ...timers })
    await settle()
    assert.equal(server.requests.length, 1)
    assert.equal(timers.pending.size, 0, 'the dropped item is not sent again and again')
    assert.equal(hasPassed(readProgress(storage), 'old-lesson', 'renamed'), true, 'the browser keeps it')
    stop()
  })

  it('tries again after the time a refusing server asks for', async () => {
    const storage = memoryStorage()
    const server = fakeProgressServer()
    server.refuseWith({ status: 429, retryAfter: '7' })
    assert.deepEqual(await syncProgress(storage, { fetch: server.fetch }), { ok: false, retryAfterMs: 7000 })
    const offline = (async () => {
      throw new TypeError('network down')
    }) as typeof fetch
    const outcome = await syncProgress(storage, { fetch: offline })
    assert.equal(outcome.ok, false)
  })
})
