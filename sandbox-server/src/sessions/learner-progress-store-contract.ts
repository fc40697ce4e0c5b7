/**
 * @module One test suite every LearnerProgressStore passes (SQLite and PostgreSQL): merging keeps
 * each item's earliest time, learners are apart, and the item limit holds even for writes at once.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MAX_ITEMS_PER_LEARNER, type LearnerProgressStore } from './learner-progress-store.ts'

const LEARNER = 'a'.repeat(64)
const OTHER_LEARNER = 'b'.repeat(64)

/** `count` visited items named `<prefix><n>`, all at one time. */
function visited(prefix: string, count: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, index) => [`${prefix}${index}`, '2030-01-01T00:00:00.000Z']))
}

/** Registers the contract tests for stores made by `newStore` (each call a new, empty store). */
export function runLearnerProgressStoreContract(name: string, newStore: () => Promise<LearnerProgressStore>): void {
  describe(`${name} (LearnerProgressStore contract)`, () => {
    it('Should merge progress keeping each item’s earliest time, apart for each learner', async () => {
      const store = await newStore()
      assert.deepEqual(await store.get(LEARNER), { passed: {}, visited: {} })
      await store.merge(LEARNER, {
        passed: { 'first-container/run-nginx': '2030-01-03T00:00:00Z' },
        visited: { 'first-container': '2030-01-01T00:00:00Z' },
      })
      const merged = await store.merge(LEARNER, {
        passed: { 'first-container/run-nginx': '2030-01-02T00:00:00.000Z', 'image-layers/build': '2030-01-05T15:00:00+09:00' },
        visited: { 'first-container': '2030-01-04T00:00:00Z' },
      })
      const expected = {
        passed: { 'first-container/run-nginx': '2030-01-02T00:00:00.000Z', 'image-layers/build': '2030-01-05T06:00:00.000Z' },
        visited: { 'first-container': '2030-01-01T00:00:00.000Z' },
      }
      assert.deepEqual(merged, expected)
      assert.deepEqual(await store.get(LEARNER), expected)
      assert.deepEqual(await store.merge(LEARNER, {}), expected, 'an empty write changes nothing')
      assert.deepEqual(await store.get(OTHER_LEARNER), { passed: {}, visited: {} })
      await store.close()
    })

    it('Should refuse a write that passes the item limit whole, with 413', async () => {
      const store = await newStore()
      await store.merge(LEARNER, { visited: visited('kept-', MAX_ITEMS_PER_LEARNER - 1) })
      await assert.rejects(store.merge(LEARNER, { passed: { 'a/one': '2030-01-01T00:00:00Z', 'a/two': '2030-01-01T00:00:00Z' } }), {
        code: 'progress_too_large',
        status: 413,
      })
      const after = await store.get(LEARNER)
      assert.deepEqual(after.passed, {}, 'nothing of the refused write is kept')
      assert.equal(Object.keys(after.visited).length, MAX_ITEMS_PER_LEARNER - 1)
      await store.merge(LEARNER, { passed: { 'a/one': '2030-01-01T00:00:00Z' } })
      await store.merge(OTHER_LEARNER, { passed: { 'a/one': '2030-01-01T00:00:00Z' } })
      await store.close()
    })

    it('Should let writes at once neither lose items nor pass the limit together', async () => {
      const store = await newStore()
      const writers = 10
      const itemsEach = MAX_ITEMS_PER_LEARNER / writers + 1
      // Reads at once first, so a store with a connection pool has a connection ready for each write.
      await Promise.all(Array.from({ length: writers }, () => store.get(LEARNER)))
      const outcomes = await Promise.allSettled(
        Array.from({ length: writers }, (_, writer) => store.merge(LEARNER, { visited: visited(`w${writer}-`, itemsEach) })),
      )
      // Taking turns, in any order, the first nine fit and the last would cross the limit.
      assert.deepEqual(outcomes.map((outcome) => outcome.status).sort(), [...Array(writers - 1).fill('fulfilled'), 'rejected'])
      const kept = Object.keys((await store.get(LEARNER)).visited).length
      assert.equal(kept, (writers - 1) * itemsEach, 'the writes not refused are kept whole')
      await store.close()
    })
  })
}
