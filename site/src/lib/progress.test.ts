/** @module Tests for the learner's progress record. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  hasPassed,
  hasStarted,
  lessonProgress,
  markPassed,
  markVisited,
  nextLesson,
  onProgressChange,
  PROGRESS_STORAGE_KEY,
  readProgress,
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
})
