/**
 * @module `npm run lessons -- verify` on the real engine: the whole built-in course verifies (about
 * 35 s on 2 cores, so CI runs all of it), a pack whose solution uses a file the lesson ships
 * verifies, a pack scaffolded by `lesson:new` (a TypeScript check and a shell check) verifies as
 * written, and a pack whose check already passes on a fresh sandbox is a miss with exit code 1. No workstation is left behind. Skipped when the catalog's workstation
 * image is missing.
 */
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import Dockerode from 'dockerode'
import { createLesson, loadCourse } from '@docker-classroom/lessons'
import { skipWithoutWorkstation } from '../../testing/workstation-image.ts'
import { EXIT, runLessonsCli } from './cli.ts'

const docker = new Dockerode()
const skip = await skipWithoutWorkstation(docker)

/** A pack whose only check is true before anything is done, and whose solution has a failing line. */
async function writeCarelessPack(dir: string): Promise<void> {
  const lesson = path.join(dir, '01-careless')
  await mkdir(path.join(lesson, 'solutions'), { recursive: true })
  await writeFile(
    path.join(lesson, 'content.mdx'),
    '---\nid: careless\ntitle: 허술한 수업\ndescription: d\norder: 1\ngoals: [g]\ndurationMinutes: 1\nexercises:\n  - id: always-passes\n    title: 늘 통과\n---\n',
  )
  await writeFile(
    path.join(lesson, 'checks.ts'),
    "export default { 'always-passes': [{ id: 'nothing-asked', passMessage: '통과', failMessage: '실패', hint: '힌트', test: async () => true }] }\n",
  )
  await writeFile(path.join(lesson, 'solutions', 'always-passes.sh'), 'true\nls /no-such-dir\n')
}

/** A pack whose solution copies a file from `files/`, which its fresh sandbox must therefore have. */
async function writeShippingPack(dir: string): Promise<void> {
  const lesson = path.join(dir, '01-shipping')
  await mkdir(path.join(lesson, 'solutions'), { recursive: true })
  await mkdir(path.join(lesson, 'files', 'app'), { recursive: true })
  await writeFile(
    path.join(lesson, 'content.mdx'),
    '---\nid: shipping\ntitle: 파일이 있는 수업\ndescription: d\norder: 1\ngoals: [g]\ndurationMinutes: 1\nexercises:\n  - id: copy-shipped\n    title: 복사\n---\n',
  )
  await writeFile(path.join(lesson, 'files', 'app', 'hello.txt'), '안녕, 수업 파일\n')
  await writeFile(
    path.join(lesson, 'checks.ts'),
    "export default { 'copy-shipped': [{ id: 'copied', passMessage: '통과', failMessage: '실패', hint: '힌트', test: async (ctx) => (await ctx.exec(['cat', '/tmp/copied.txt'])).stdout === '안녕, 수업 파일\\n' }] }\n",
  )
  await writeFile(path.join(lesson, 'solutions', 'copy-shipped.sh'), 'cp /root/workspace/shipping/app/hello.txt /tmp/copied.txt\n')
}

describe('lessons verify on the real engine', { skip }, () => {
  let scratch: string

  before(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'lessons-verify-test-'))
  })

  after(async () => {
    await rm(scratch, { recursive: true, force: true })
  })

  async function verify(argv: string[]): Promise<{ code: number; out: string }> {
    let out = ''
    let err = ''
    const code = await runLessonsCli(['verify', ...argv], {
      out: (text) => (out += text),
      err: (text) => (err += text),
      env: { ...process.env, TMPDIR: scratch },
    })
    const left = await docker.listContainers({ all: true, filters: { label: ['org.docker-classroom.socket-root'] } })
    const ours = left.filter((container) => container.Labels['org.docker-classroom.socket-root']?.startsWith(scratch))
    assert.deepEqual(ours.map((container) => container.Names), [], 'every workstation was destroyed')
    return { code, out: `${out}\n${err}` }
  }

  it('verifies every exercise of the built-in course', { timeout: 10 * 60_000 }, async () => {
    const { code, out } = await verify([])
    assert.equal(code, EXIT.ok, out)
    const exercises = (await loadCourse()).flatMap((lesson) =>
      lesson.frontmatter.exercises.map((exercise) => `${lesson.frontmatter.id}/${exercise.id}`),
    )
    for (const id of exercises) {
      const [lessonId, exerciseId] = id.split('/')
      assert.match(out, new RegExp(`^${lessonId}\\s+${exerciseId}\\s.*✗\\s+✓\\s+[\\d.]+\\s+ok$`, 'm'), id)
    }
    assert.match(out, new RegExp(`${exercises.length} exercise\\(s\\): ${exercises.length} verified, 0 missed`))
  })

  it("gives each fresh sandbox the pack's lesson files", { timeout: 2 * 60_000 }, async () => {
    const pack = path.join(scratch, 'shipping-pack')
    await writeShippingPack(pack)
    const { code, out } = await verify(['--dir', pack])
    assert.equal(code, EXIT.ok, out)
    assert.match(out, /^shipping\s+copy-shipped\s.*✗\s+✓\s+[\d.]+\s+ok$/m)
  })

  it('verifies a scaffolded pack: one lesson graded by TypeScript conditions, one by a shell script', { timeout: 3 * 60_000 }, async () => {
    const pack = path.join(scratch, 'authored-pack')
    for (const [id, check] of [['typed-lesson', 'ts'], ['scripted-lesson', 'sh']] as const) {
      await createLesson(pack, { id, title: id, check, helpersImport: '@docker-classroom/lessons' })
    }
    const { code, out } = await verify(['--dir', pack])
    assert.equal(code, EXIT.ok, out)
    assert.match(out, /^typed-lesson\s+run-web\s.*✗\s+✓\s+[\d.]+\s+ok$/m)
    assert.match(out, /^scripted-lesson\s+run-web\s.*✗\s+✓\s+[\d.]+\s+ok$/m)
  })

  it('reports a check that passes on a fresh sandbox as a miss, with exit code 1', { timeout: 2 * 60_000 }, async () => {
    const pack = path.join(scratch, 'pack')
    await writeCarelessPack(pack)
    const { code, out } = await verify(['--dir', pack])
    assert.equal(code, EXIT.miss, out)
    assert.match(out, /^careless\s+always-passes\s+늘 통과\s+✓\s+✓\s+[\d.]+\s+MISS$/m)
    assert.match(out, /passes on a fresh sandbox/)
    assert.match(out, /solution line 2 exited with 2: ls \/no-such-dir/)
    assert.match(out, /│ .*No such file or directory/)
  })
})
