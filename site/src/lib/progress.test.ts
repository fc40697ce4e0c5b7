/** @module Tests for the passed-exercise record. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hasPassed, markPassed, PROGRESS_STORAGE_KEY } from './progress.ts'

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial))
  return { items, getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value) }
}

describe('progress', () => {
  it('remembers a passed exercise with the time of its first pass', () => {
    const storage = memoryStorage()
    assert.equal(hasPassed(storage, 'first-container', 'run-nginx'), false)
    markPassed(storage, 'first-container', 'run-nginx', new Date('2025-01-01T00:00:00Z'))
    markPassed(storage, 'first-container', 'run-nginx', new Date('2025-02-01T00:00:00Z'))
    assert.equal(hasPassed(storage, 'first-container', 'run-nginx'), true)
    assert.deepEqual(JSON.parse(storage.items.get(PROGRESS_STORAGE_KEY) ?? ''), { 'first-container/run-nginx': '2025-01-01T00:00:00.000Z' })
  })

  it('treats an unreadable record as empty', () => {
    assert.equal(hasPassed(memoryStorage({ [PROGRESS_STORAGE_KEY]: 'oops' }), 'a', 'b'), false)
  })
})
