import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { LessonFrontmatterSchema } from './schema.ts'

const valid = {
  id: 'first-container',
  title: '첫 컨테이너',
  description: '설명',
  order: 1,
  goals: ['목표'],
  durationMinutes: 10,
  exercises: [{ id: 'run-nginx', title: 'nginx 띄우기' }],
}

describe('LessonFrontmatterSchema', () => {
  it('accepts a complete lesson and fills defaults', () => {
    const lesson = LessonFrontmatterSchema().parse({ ...valid, exercises: undefined })
    assert.deepEqual(lesson.prerequisites, [])
    assert.deepEqual(lesson.exercises, [])
  })

  it('rejects unknown keys, so typos in frontmatter are caught', () => {
    const result = LessonFrontmatterSchema().safeParse({ ...valid, titel: 'x' })
    assert.equal(result.success, false)
  })

  it('rejects ids that are not kebab-case and says how to fix them', () => {
    const result = LessonFrontmatterSchema().safeParse({ ...valid, id: 'First Container' })
    assert.equal(result.success, false)
    assert.match(result.error!.issues[0]!.message, /lowercase letters/)
  })

  it('rejects two exercises with one id', () => {
    const exercise = { id: 'same', title: 't' }
    const result = LessonFrontmatterSchema().safeParse({ ...valid, exercises: [exercise, exercise] })
    assert.equal(result.success, false)
    assert.deepEqual(result.error!.issues[0]!.path, ['exercises', 1, 'id'])
  })
})
