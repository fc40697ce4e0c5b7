import assert from 'node:assert/strict'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { loadCourse } from './course.ts'
import { hasCheck } from './grading.ts'
import { createLesson } from './scaffold.ts'

describe('createLesson', async () => {
  const pack = path.join(await mkdtemp(path.join(tmpdir(), 'scaffold-')), 'my-pack')
  after(() => rm(path.dirname(pack), { recursive: true, force: true }))

  it('writes lessons that load, numbered and ordered after the last one, with either kind of check', async () => {
    const typed = await createLesson(pack, { id: 'first', title: '첫 수업', check: 'ts', helpersImport: '@docker-classroom/lessons' })
    const scripted = await createLesson(pack, { id: 'second', title: '둘째', check: 'sh', helpersImport: '@docker-classroom/lessons' })
    assert.deepEqual(await readdir(pack), ['00-first', '01-second'])
    assert.deepEqual([typed.frontmatter.order, scripted.frontmatter.order], [1, 2])
    assert.equal(typed.frontmatter.title, '첫 수업')
    assert.equal(typed.checks['run-web']?.length, 3)
    assert.match(scripted.checkScripts['run-web'] ?? '', /^  echo "FAIL: /m)
    assert.ok(hasCheck(scripted, 'run-web'))
    assert.deepEqual(typed.files, { 'page.html': '<h1>안녕하세요, 도커 교실!</h1>\n' })
    assert.equal((await loadCourse(pack)).length, 2)
  })

  it('refuses an id that is taken or not a slug, and writes nothing', async () => {
    await assert.rejects(createLesson(pack, { id: 'first', title: 't', check: 'ts', helpersImport: 'x' }), /already has a lesson folder for "first"/)
    await assert.rejects(createLesson(pack, { id: 'Not OK', title: 't', check: 'ts', helpersImport: 'x' }), /lowercase letters/)
    assert.deepEqual(await readdir(pack), ['00-first', '01-second'])
  })
})
