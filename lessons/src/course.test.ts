import assert from 'node:assert/strict'
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { CourseError, loadCourse, loadCourseWithPack, MAX_LESSON_FILE_BYTES, parseSolution, summarize, workspaceFiles } from './course.ts'
import { imageRepository } from './check-helpers/containers.ts'
import { hasCheck } from './grading.ts'

describe('loadCourse', () => {
  it('loads the built-in course with checks and solutions for every exercise', async () => {
    const lessons = await loadCourse()
    assert.ok(lessons.length >= 1)
    for (const lesson of lessons) {
      for (const exercise of lesson.frontmatter.exercises) {
        assert.ok(hasCheck(lesson, exercise.id), `${lesson.frontmatter.id}/${exercise.id} has a check`)
        assert.ok(lesson.solutions[exercise.id]?.length, `${lesson.frontmatter.id}/${exercise.id} has a solution`)
      }
    }
    const outline = summarize(lessons)
    assert.deepEqual(outline.map((l) => l.order), outline.map((l) => l.order).sort((a, b) => a - b))
    const firstContainer = outline.find((l) => l.id === 'first-container')!
    assert.equal(firstContainer.order, 2)
    assert.deepEqual(firstContainer.exercises.map((e) => e.id), ['run-nginx'])
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
      assert.match(text, /"ex" has no check; add its conditions to checks\.ts or write checks\/ex\.sh/)
      assert.match(text, /solutions\/ex\.sh: missing/)
      return true
    })
  })
})

describe('lesson packs outside the repository', () => {
  const frontmatter = (exercises: string[]) =>
    `---\nid: pack-lesson\ntitle: t\ndescription: d\norder: 1\ngoals: [g]\ndurationMinutes: 1\n${
      exercises.length === 0 ? '' : `exercises:\n${exercises.map((id) => `  - id: ${id}\n    title: ${id}\n`).join('')}`
    }---\n`

  /** A pack of one lesson in the system's temp folder, far from this repository's node_modules. */
  async function pack(files: Record<string, string>): Promise<string> {
    const root = await mkdtemp(path.join(tmpdir(), 'pack-'))
    for (const [relative, content] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(root, '01-lesson', relative)), { recursive: true })
      await writeFile(path.join(root, '01-lesson', relative), content)
    }
    return root
  }

  it('loads checks.ts that import the lessons package, and shell check scripts, side by side', async () => {
    const root = await pack({
      'content.mdx': frontmatter(['typed', 'scripted']),
      'checks.ts': `import { defineChecks, imageExists } from '@docker-classroom/lessons'\nexport default defineChecks({ typed: [imageExists('app:1')] })\n`,
      'checks/scripted.sh': 'test -f Dockerfile || echo "FAIL: Dockerfile 이 없습니다"\n',
      'solutions/typed.sh': 'docker build -t app:1 .\n',
      'solutions/scripted.sh': 'touch Dockerfile\n',
    })
    try {
      const [lesson] = await loadCourse(root)
      assert.ok(lesson)
      assert.equal(lesson.checks.typed?.length, 1)
      assert.match(lesson.checkScripts.scripted ?? '', /FAIL: Dockerfile/)
      assert.ok(hasCheck(lesson, 'typed') && hasCheck(lesson, 'scripted'))
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })

  it('comes after the built-in course, and may not reuse one of its lesson ids', async () => {
    const root = await pack({ 'content.mdx': frontmatter([]) })
    const clash = await pack({ 'content.mdx': frontmatter([]).replace('id: pack-lesson', 'id: first-container') })
    try {
      const lessons = await loadCourseWithPack(root)
      assert.equal(lessons.at(-1)?.frontmatter.id, 'pack-lesson')
      assert.deepEqual(lessons.slice(0, -1), await loadCourse())
      await assert.rejects(loadCourseWithPack(clash), /"first-container" is taken by the built-in course/)
      await assert.rejects(loadCourseWithPack(path.join(root, 'missing')), /missing: cannot read the lessons folder/)
    } finally {
      await rm(root, { recursive: true, force: true })
      await rm(clash, { recursive: true, force: true })
    }
  })

  it('names a check script whose exercise is not in the frontmatter', async () => {
    const root = await pack({
      'content.mdx': frontmatter(['ex']),
      'checks/ex.sh': 'exit 0\n',
      'checks/typo.sh': 'exit 0\n',
      'checks/notes.txt': 'x',
      'solutions/ex.sh': 'true\n',
    })
    try {
      await assert.rejects(loadCourse(root), (error: unknown) => {
        const text = (error as CourseError).problems.join('\n')
        assert.match(text, /checks\/typo\.sh: "typo" is not an exercise/)
        assert.match(text, /notes\.txt: checks\/ holds only <exercise>\.sh scripts/)
        return true
      })
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })
})

describe('lesson files', () => {
  /** A course of one lesson without exercises whose `files/` holds what `fill` puts there. */
  async function courseWithFiles(fill: (files: string) => Promise<void>): Promise<string> {
    const course = await mkdtemp(path.join(tmpdir(), 'course-'))
    const lessonDir = path.join(course, '01-files')
    await mkdir(path.join(lessonDir, 'files', 'app'), { recursive: true })
    await writeFile(
      path.join(lessonDir, 'content.mdx'),
      '---\nid: with-files\ntitle: t\ndescription: d\norder: 1\ngoals: [g]\ndurationMinutes: 1\n---\n',
    )
    await fill(path.join(lessonDir, 'files'))
    return course
  }

  it('reads every file under files/ by its relative path, and places them under the lesson id', async () => {
    const course = await courseWithFiles(async (files) => {
      await writeFile(path.join(files, 'Dockerfile'), 'FROM debian\n')
      await writeFile(path.join(files, 'app', '안내.txt'), '안녕하세요\n')
    })
    try {
      const [lesson] = await loadCourse(course)
      assert.deepEqual(lesson!.files, { Dockerfile: 'FROM debian\n', 'app/안내.txt': '안녕하세요\n' })
      assert.deepEqual(Object.keys(workspaceFiles([lesson!])).sort(), ['with-files/Dockerfile', 'with-files/app/안내.txt'])
    } finally {
      await rm(course, { recursive: true })
    }
  })

  it('refuses symlinks, binary files and files over the size limit, naming each', async () => {
    const course = await courseWithFiles(async (files) => {
      await symlink('/etc/passwd', path.join(files, 'passwd'))
      await symlink('..', path.join(files, 'app', 'up'))
      await writeFile(path.join(files, 'image.bin'), Buffer.from([0xff, 0xfe, 0x00]))
      await writeFile(path.join(files, 'big.txt'), 'x'.repeat(MAX_LESSON_FILE_BYTES + 1))
    })
    try {
      await assert.rejects(loadCourse(course), (error: unknown) => {
        const text = (error as CourseError).problems.join('\n')
        assert.match(text, /files\/passwd: is a symlink/)
        assert.match(text, /files\/app\/up: is a symlink/)
        assert.match(text, /files\/image\.bin: not UTF-8 text/)
        assert.match(text, /files\/big\.txt: \d+ bytes, over/)
        return true
      })
    } finally {
      await rm(course, { recursive: true })
    }
  })

  it('refuses a files/ that is itself a symlink', async () => {
    const course = await courseWithFiles(async (files) => {
      await rm(files, { recursive: true })
      await symlink('/etc', files)
    })
    try {
      await assert.rejects(loadCourse(course), /files: must be a folder/)
    } finally {
      await rm(course, { recursive: true })
    }
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
