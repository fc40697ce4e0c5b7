/**
 * @module `npm run lesson:new -- <id> [--title 제목] [--dir <pack>] [--check ts|sh]`: scaffolds a
 * lesson that loads and verifies as it is, in the built-in course or in an instructor's pack
 * (`--dir`, or `LESSONS_DIR`), and says what to do next. Missing answers are asked for on a terminal.
 */
import path from 'node:path'
import { createInterface } from 'node:readline/promises'
import { parseArgs } from 'node:util'
import { ensureModernNode, REPO_ROOT } from './lib/node-runtime.mjs'

const USAGE = 'usage: npm run lesson:new -- <lesson-id> [--title "수업 제목"] [--dir <pack folder>] [--check ts|sh]'

await ensureModernNode()
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { title: { type: 'string' }, dir: { type: 'string' }, check: { type: 'string', default: 'ts' } },
})
// npm runs scripts in the repository root; a relative --dir means the folder the author typed it in.
const authorCwd = process.env.INIT_CWD ?? process.cwd()
const packDir = values.dir ?? process.env.LESSONS_DIR
const courseDir = packDir ? path.resolve(authorCwd, packDir) : path.join(REPO_ROOT, 'lessons', 'course')
/** `target` as the author would type it from where they are. */
const shown = (target) => {
  const relative = path.relative(authorCwd, target)
  return relative === '' ? '.' : relative.startsWith('..') ? target : relative
}

async function ask(question) {
  if (!process.stdin.isTTY) return undefined
  const prompt = createInterface({ input: process.stdin, output: process.stdout })
  try {
    return (await prompt.question(question)).trim() || undefined
  } finally {
    prompt.close()
  }
}

const id = positionals[0] ?? (await ask('수업 id (영문 소문자와 하이픈, 예: my-first-lesson): '))
const title = values.title ?? (await ask('수업 제목 (예: 나의 첫 수업): ')) ?? id
if (!id || positionals.length > 1 || !['ts', 'sh'].includes(values.check)) {
  process.stderr.write(`${USAGE}\n`)
  process.exit(2)
}

const { createLesson } = await import('../lessons/src/scaffold.ts')
try {
  const lesson = await createLesson(courseDir, {
    id,
    title,
    check: values.check,
    helpersImport: packDir ? '@docker-classroom/lessons' : '../../src/index.ts',
  })
  const relative = shown(lesson.dir)
  const dirOption = packDir ? ` --dir ${shown(courseDir)}` : ''
  process.stdout.write(
    [
      `새 수업을 만들었습니다: ${relative}`,
      '',
      '다음 순서로 진행하세요 / next steps:',
      `  1. ${relative}/content.mdx 의 본문과 실습을 고칩니다.`,
      `  2. 화면에서 확인: ${packDir ? `LESSONS_DIR=${courseDir} ` : ''}npm run dev`,
      `  3. 채점 증명 (새 샌드박스에서 실패, 정답 후 통과): npm run lessons -- verify${dirOption} --lesson ${id}`,
      '  자세한 안내: docs/authoring.md',
      '',
    ].join('\n'),
  )
} catch (error) {
  process.stderr.write(`수업을 만들지 못했습니다: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
}
