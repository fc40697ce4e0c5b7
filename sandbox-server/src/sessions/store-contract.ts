/**
 * @module One test suite every SessionStore passes: what the session manager relies on.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hashToken, newSessionId, newToken } from './credentials.ts'
import type { Session, SessionStore } from './store.ts'

/** A running session with a handle, for store tests. */
export function sampleSession(overrides: Partial<Session> = {}): Session {
  const id = overrides.id ?? newSessionId()
  return {
    id,
    tokenHash: hashToken(newToken()),
    createdAt: 1_000,
    expiresAt: 2_000,
    lastActiveAt: 1_500,
    state: 'running',
    handle: {
      sessionId: id,
      containerId: 'c0ffee',
      containerName: `docker-classroom-ws-${id}`,
      volumeName: `docker-classroom-ws-${id}-docker`,
      socketDir: `/sockets/${id}`,
    },
    ...overrides,
  }
}

/** Registers the contract tests for stores made by `newStore`. */
export function runSessionStoreContract(name: string, newStore: () => Promise<SessionStore>): void {
  describe(`${name} (SessionStore contract)`, () => {
    it('Should return what was put, and undefined for an unknown id', async () => {
      const store = await newStore()
      const session = sampleSession()
      await store.put(session)
      assert.deepEqual(await store.get(session.id), session)
      assert.equal(await store.get(newSessionId()), undefined)
      await store.close()
    })

    it('Should replace a session put again under the same id', async () => {
      const store = await newStore()
      const starting = sampleSession({ state: 'starting', handle: null })
      await store.put(starting)
      const running = sampleSession({ id: starting.id, state: 'running', lastActiveAt: 1_900 })
      await store.put(running)
      assert.deepEqual(await store.get(starting.id), running)
      assert.equal((await store.list()).length, 1)
      await store.close()
    })

    it('Should list every session and forget deleted ones', async () => {
      const store = await newStore()
      const first = sampleSession({ createdAt: 1 })
      const second = sampleSession({ createdAt: 2 })
      await store.put(first)
      await store.put(second)
      assert.deepEqual(
        (await store.list()).map((session) => session.id).sort(),
        [first.id, second.id].sort(),
      )
      await store.delete(first.id)
      await store.delete(newSessionId())
      assert.deepEqual(await store.list(), [second])
      await store.close()
    })
  })
}
