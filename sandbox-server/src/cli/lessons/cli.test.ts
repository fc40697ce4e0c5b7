/** @module The verify command's arguments and refusals, none of which needs the engine. */
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { BUILTIN_COURSE_DIR } from '@docker-classroom/lessons'
import { EXIT, parseVerifyArgs, runLessonsCli } from './cli.ts'

async function run(argv: string[]): Promise<{ code: number; err: string }> {
  let err = ''
  const code = await runLessonsCli(argv, { out: () => {}, err: (text) => (err += text), env: {} })
  return { code, err }
}

describe('lessons CLI arguments', () => {
  it('default to the built-in course and resolve --dir from where npm was run', () => {
    assert.deepEqual(parseVerifyArgs(['verify'], '/home/me'), { dir: BUILTIN_COURSE_DIR })
    assert.deepEqual(parseVerifyArgs(['verify', '--dir', 'pack', '--lesson', 'a', '--exercise', 'b'], '/home/me'), {
      dir: '/home/me/pack',
      lessonId: 'a',
      exerciseId: 'b',
    })
  })

  it('exit 2 with the usage on a missing or unknown command or option', async () => {
    for (const argv of [[], ['check'], ['verify', '--fast'], ['verify', 'extra']]) {
      const { code, err } = await run(argv)
      assert.equal(code, EXIT.usage, argv.join(' '))
      assert.match(err, /usage: npm run lessons -- verify/)
    }
  })

  it('exit 2 when nothing matches the filters', async () => {
    const { code, err } = await run(['verify', '--lesson', 'first-container', '--exercise', 'no-such-exercise'])
    assert.equal(code, EXIT.usage)
    assert.match(err, /No exercise matches --lesson first-container --exercise no-such-exercise/)
  })

  it('exit 2 listing every problem of a broken pack', async () => {
    const pack = await mkdtemp(path.join(tmpdir(), 'lesson-pack-'))
    await mkdir(path.join(pack, '01-broken'))
    await writeFile(
      path.join(pack, '01-broken', 'content.mdx'),
      '---\nid: broken\ntitle: t\ndescription: d\norder: 1\ngoals: [g]\ndurationMinutes: 1\nexercises:\n  - id: ex\n    title: e\n---\n',
    )
    const { code, err } = await run(['verify', '--dir', pack])
    assert.equal(code, EXIT.usage)
    assert.match(err, /is broken:\n- .*exercise "ex" has no check; add its conditions to checks\.ts or write checks\/ex\.sh/)
    assert.match(err, /solutions\/ex\.sh: missing/)
  })
})
