/** @module The lesson outline route. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createTestApp } from '../testing/test-app.ts'

describe('GET /api/lessons', () => {
  it('Should list lessons with their exercises and no lesson text', async () => {
    const { app } = await createTestApp()
    const response = await app.request('/api/lessons')
    assert.equal(response.status, 200)
    const lessons = (await response.json()) as Record<string, unknown>[]
    assert.equal(lessons.length, 1)
    assert.deepEqual(Object.keys(lessons[0]!).sort(), ['description', 'exercises', 'id', 'order', 'title'])
    assert.equal(lessons[0]!.id, 'first-container')
    assert.deepEqual(lessons[0]!.exercises, [{ id: 'run-nginx', title: 'nginx 웹 서버 띄우기' }])
  })
})

describe('GET /api/lessons/:lessonId/solutions/:exerciseId', () => {
  it("Should answer the exercise's solution commands, without their comments", async () => {
    const { app } = await createTestApp()
    const response = await app.request('/api/lessons/first-container/solutions/run-nginx')
    assert.equal(response.status, 200)
    assert.deepEqual(await response.json(), { commands: ['docker run -d --name web -p 8080:80 nginx'] })
  })

  it('Should answer 404 for an unknown lesson or exercise and 400 for a malformed id', async () => {
    const { app } = await createTestApp()
    const codeOf = async (path: string) => ((await (await app.request(path)).json()) as { error: { code: string } }).error.code
    assert.equal(await codeOf('/api/lessons/no-such-lesson/solutions/run-nginx'), 'lesson_not_found')
    assert.equal(await codeOf('/api/lessons/first-container/solutions/no-such'), 'exercise_not_found')
    assert.equal((await app.request('/api/lessons/first-container/solutions/..%2F..')).status, 400)
  })
})
