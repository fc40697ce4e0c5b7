/** @module The learner progress routes through `app.request()`, on the SQLite store (in memory and in a file). */
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { Hono } from 'hono'
import type { Lesson } from '@docker-classroom/lessons'
import { silentLogger } from '../logger.ts'
import { errorHandler } from '../middleware/error-handler/index.ts'
import { MAX_ITEMS_PER_LEARNER, SqliteLearnerProgressStore } from '../sessions/learner-progress-store.ts'
import { bearer, createTestApp, loadLessonOne } from '../testing/test-app.ts'
import { courseItems, MAX_ITEMS_PER_KIND, ProgressAnswerSchema, progressRoutes } from './progress.ts'

const KEY = '0123456789abcdef0123456789abcdef'
const OTHER_KEY = 'fedcba9876543210fedcba9876543210'

function put(app: Hono, key: string, body: unknown): Promise<Response> {
  return Promise.resolve(
    app.request('/api/learner/progress', {
      method: 'PUT',
      headers: { ...bearer(key), 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }),
  )
}

async function read(app: Hono, key: string) {
  const response = await app.request('/api/learner/progress', { headers: bearer(key) })
  assert.equal(response.status, 200)
  return ProgressAnswerSchema().parse(await response.json())
}

const errorCode = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code

/** Lesson 1 and a made-up second lesson with an exercise and a quiz. */
async function course(): Promise<Lesson[]> {
  const [first] = await loadLessonOne()
  const quiz = [{}] as unknown as Lesson['frontmatter']['quiz']
  const second = { ...first!, frontmatter: { ...first!.frontmatter, id: 'image-layers', exercises: [{ id: 'build', title: '빌드' }], quiz } }
  return [first!, second]
}

/** The progress routes alone over `store`, as the app mounts them. */
async function progressApp(store = new SqliteLearnerProgressStore(':memory:'), limits: { perMinute?: number; burst?: number } = {}): Promise<Hono> {
  return new Hono()
    .route('/api/learner', progressRoutes({ store, lessons: await course(), ...limits }))
    .onError(errorHandler({ logger: silentLogger }))
}

describe('GET and PUT /api/learner/progress', () => {
  it('Should answer empty progress for a new key, and merge writes keeping the earliest time of each item', async () => {
    const app = await progressApp()
    assert.deepEqual(await read(app, KEY), { passed: {}, visited: {} })

    const first = await put(app, KEY, {
      passed: { 'first-container/run-nginx': '2030-01-02T00:00:00.000Z' },
      visited: { 'first-container': '2030-01-01T00:00:00.000Z' },
    })
    assert.equal(first.status, 200)
    // Another browser of the same learner, which passed the same exercise later, and more.
    const second = await put(app, KEY, {
      passed: {
        'first-container/run-nginx': '2030-01-05T00:00:00Z',
        'image-layers/build': '2030-01-06T00:00:00+09:00',
        'image-layers/quiz': '2030-01-07T00:00:00Z',
      },
    })
    assert.equal(second.status, 200)
    const merged = ProgressAnswerSchema().parse(await second.json())
    assert.deepEqual(merged, {
      passed: {
        'first-container/run-nginx': '2030-01-02T00:00:00.000Z',
        'image-layers/build': '2030-01-05T15:00:00.000Z',
        'image-layers/quiz': '2030-01-07T00:00:00.000Z',
      },
      visited: { 'first-container': '2030-01-01T00:00:00.000Z' },
    })
    assert.deepEqual(await read(app, KEY), merged)
    assert.deepEqual(await read(app, OTHER_KEY), { passed: {}, visited: {} }, 'another key sees nothing')
  })

  it('Should keep only the lessons, exercises and quizzes of the course served', async () => {
    const app = await progressApp()
    const response = await put(app, KEY, {
      passed: { 'first-container/run-nginx': '2030-01-01T00:00:00Z', 'first-container/renamed': '2030-01-01T00:00:00Z', 'first-container/quiz': '2030-01-01T00:00:00Z' },
      visited: { 'first-container': '2030-01-01T00:00:00Z', 'no-such-lesson': '2030-01-01T00:00:00Z' },
    })
    assert.equal(response.status, 200, 'unknown items do not stop the known ones')
    assert.deepEqual(ProgressAnswerSchema().parse(await response.json()), {
      passed: { 'first-container/run-nginx': '2030-01-01T00:00:00.000Z' },
      visited: { 'first-container': '2030-01-01T00:00:00.000Z' },
    })
    const items = courseItems(await course())
    assert.deepEqual([...items.passed], ['first-container/run-nginx', 'image-layers/build', 'image-layers/quiz'])
  })

  it('Should refuse a missing or malformed key with 401, and a bad body with 400', async () => {
    const { app } = await createTestApp()
    assert.equal((await app.request('/api/learner/progress')).status, 401)
    const short = await app.request('/api/learner/progress', { headers: bearer('abc123') })
    assert.equal(short.status, 401)
    assert.equal(await errorCode(short), 'missing_learner_key')
    for (const body of [
      { passed: { '../etc': '2030-01-01T00:00:00Z' } },
      { passed: { 'a/b': 'yesterday' } },
      { unknown: {} },
      { passed: Object.fromEntries(Array.from({ length: MAX_ITEMS_PER_KIND + 1 }, (_, index) => [`l${index}`, '2030-01-01T00:00:00Z'])) },
    ]) {
      const response = await put(app, KEY, body)
      assert.equal(response.status, 400, JSON.stringify(body).slice(0, 80))
    }
    assert.deepEqual(await read(app, KEY), { passed: {}, visited: {} }, 'nothing of a refused body is kept')
  })

  it('Should refuse a body over the size limit with 413 and keep a learner under the item limit', async () => {
    const { app } = await createTestApp()
    const huge = { passed: { 'a/b': '2030-01-01T00:00:00Z' }, padding: 'x'.repeat(64 * 1024) }
    assert.equal((await put(app, KEY, huge)).status, 413)

    const store = new SqliteLearnerProgressStore(':memory:')
    const items = (prefix: string) =>
      Object.fromEntries(Array.from({ length: MAX_ITEMS_PER_KIND }, (_, index) => [`${prefix}${index}`, '2030-01-01T00:00:00Z']))
    for (let round = 0; round < MAX_ITEMS_PER_LEARNER / MAX_ITEMS_PER_KIND; round++) await store.merge('h', { visited: items(`r${round}-`) })
    await assert.rejects(store.merge('h', { visited: { one: '2030-01-01T00:00:00Z' } }), { code: 'progress_too_large', status: 413 })
    assert.equal(Object.keys((await store.get('h')).visited).length, MAX_ITEMS_PER_LEARNER, 'the refused write left nothing')
    await store.close()
  })

  it('Should answer 429 with Retry-After once a client writes too often', async () => {
    const store = new SqliteLearnerProgressStore(':memory:')
    const app = await progressApp(store, { perMinute: 1, burst: 2 })
    assert.equal((await put(app, KEY, {})).status, 200)
    assert.equal((await put(app, KEY, {})).status, 200)
    const limited = await put(app, KEY, {})
    assert.equal(limited.status, 429)
    assert.ok(Number(limited.headers.get('Retry-After')) > 0)
    await store.close()
  })

  it('Should keep progress in the database file across store instances, beside the sessions', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'classroom-progress-'))
    try {
      const file = path.join(dir, 'sessions.db')
      const first = new SqliteLearnerProgressStore(file)
      await first.merge('h', { passed: { 'a/b': '2030-01-01T00:00:00Z' } })
      await first.close()
      const reopened = new SqliteLearnerProgressStore(file)
      assert.deepEqual((await reopened.get('h')).passed, { 'a/b': '2030-01-01T00:00:00.000Z' })
      await reopened.close()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
