import assert from 'node:assert/strict'
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { CourseError, loadCourse, parseSolution, summarize } from './course.ts'
import { imageRepository } from './check-helpers/containers.ts'

describe('loadCourse', () => {
  it('loads the built-in course with checks and solutions for every exercise', async () => {
    const lessons = await loadCourse()
    assert.ok(lessons.length >= 1)
    for (const lesson of lessons) {
      for (const exercise of lesson.frontmatter.exercises) {
        assert.ok(lesson.checks[exercise.id]?.length, `${lesson.frontmatter.id}/${exercise.id} has conditions`)
        assert.ok(lesson.solutions[exercise.id]?.length, `${lesson.frontmatter.id}/${exercise.id} has a solution`)
      }
    }
    const first = summarize(lessons)[0]!
    assert.equal(first.id, 'first-container')
    assert.deepEqual(first.exercises.map((e) => e.id), ['run-nginx'])
  })

  it('reports every problem of a broken lesson folder at once', async () => {
    const course = await mkdtemp(path.join(tmpdir(), 'course-'))
    const lessonDir = path.join(course, '01-broken')
    await mkdir(lessonDir)
    await writeFile(
      path.join(lessonDir, 'content.mdx'),
      '---\nid: Broken\ntitle: t\ndescription: d\norder: 1\ngoals: [g]\ndurationMinutes: 1\n---\n본문\n',
    )
    await assert.rejects(loadCourse(course), (error: unknown) => {
      assert.ok(error instanceof CourseError)
      assert.match(error.problems.join('\n'), /content\.mdx: id: use lowercase/)
      return true
    })
  })

  it('names the missing solution and checks of an exercise', async () => {
    const course = await mkdtemp(path.join(tmpdir(), 'course-'))
    const lessonDir = path.join(course, '01-lesson')
    await mkdir(lessonDir)
    await writeFile(
      path.join(lessonDir, 'content.mdx'),
      '---\nid: lesson\ntitle: t\ndescription: d\norder: 1\ngoals: [g]\ndurationMinutes: 1\nexercises:\n  - id: ex\n    title: e\n---\n',
    )
    await writeFile(path.join(lessonDir, 'checks.ts'), 'export default {}\n')
    await assert.rejects(loadCourse(course), (error: unknown) => {
      const text = (error as CourseError).problems.join('\n')
      assert.match(text, /"ex" has no conditions/)
      assert.match(text, /solutions\/ex\.sh: missing/)
      return true
    })
  })
})

describe('parseSolution', () => {
  it('keeps commands and drops comments and blank lines', () => {
    assert.deepEqual(parseSolution('# note\n\ndocker ps\n  docker images  \n'), ['docker ps', 'docker images'])
  })
})

describe('imageRepository', () => {
  it('normalises Docker Hub names, tags and digests', () => {
    assert.equal(imageRepository('nginx'), 'nginx')
    assert.equal(imageRepository('nginx:1.22'), 'nginx')
    assert.equal(imageRepository('docker.io/library/nginx:latest'), 'nginx')
    assert.equal(imageRepository('library/nginx@sha256:abc'), 'nginx')
    assert.equal(imageRepository('registry:5000/me/app:v1'), 'registry:5000/me/app')
    assert.equal(imageRepository('localhost:5000/app'), 'localhost:5000/app')
  })
})
