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
