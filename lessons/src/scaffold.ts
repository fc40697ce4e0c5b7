/**
 * @module `npm run lesson:new`: writes a new lesson folder that already loads and verifies — one
 * exercise with its check (TypeScript conditions or a shell script), its solution and a shipped
 * file — so an author starts from something that works and edits it.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { loadCourse, loadLessonFolder, type Lesson } from './course.ts'
import { SlugSchema } from './schema.ts'

export interface ScaffoldOptions {
  id: string
  title: string
  /** Course order; the next free one when omitted. */
  order?: number
  /** `ts`: conditions in checks.ts; `sh`: a shell check script in checks/. */
  check: 'ts' | 'sh'
  /** How checks.ts imports the helpers: a relative path inside this repository, the package name in a pack. */
  helpersImport: string
}

const EXERCISE_ID = 'run-web'
const CONTAINER_NAME = 'my-web'

/** The files of a new lesson folder, by path relative to it. */
export function scaffoldFiles({ id, title, order = 1, check, helpersImport }: ScaffoldOptions): Record<string, string> {
  const files: Record<string, string> = {
    'content.mdx': `---
id: ${id}
title: ${JSON.stringify(title)}
description: 이 수업에서 무엇을 배우는지 한두 문장으로 적으세요.
order: ${order}
goals:
  - 수업을 마친 학습자가 할 수 있게 되는 일을 적으세요
durationMinutes: 20
exercises:
  - id: ${EXERCISE_ID}
    title: 웹 서버 컨테이너 띄우기
---

수업의 첫 문단입니다. 무엇을 왜 배우는지 짧게 소개하세요.

## 따라 해 보기

셸 코드 블록에는 ▶ 실행 버튼이 붙습니다. 학습자가 누르면 터미널에 입력됩니다.

\`\`\`bash
docker run --rm hello-world
\`\`\`

이 수업의 \`files/\` 폴더에 넣은 파일은 학습자의 작업 공간 \`~/workspace/${id}/\` 에 있습니다.

\`\`\`bash
cat ~/workspace/${id}/page.html
\`\`\`

## 실습

<Exercise id="${EXERCISE_ID}">
nginx 이미지로 \`${CONTAINER_NAME}\` 라는 이름의 컨테이너를 백그라운드로 실행하고, 호스트의 8080 포트를
컨테이너의 80 포트에 연결하세요. 다 했으면 **채점** 을 누르세요.
</Exercise>

## 정리

- 이 수업에서 배운 것을 두세 줄로 정리하세요.
`,
    [`solutions/${EXERCISE_ID}.sh`]: `# The commands that solve "${EXERCISE_ID}", typed into a fresh sandbox by \`lessons verify\`.
docker run -d --name ${CONTAINER_NAME} -p 8080:80 nginx
`,
    'files/page.html': '<h1>안녕하세요, 도커 교실!</h1>\n',
  }
  if (check === 'ts') {
    files['checks.ts'] = `/** @module Checks of the lesson "${id}": each condition asks the learner's engine through the Docker API. */
import { containerPublishesPort, containerRunning, defineChecks, workstationAnswersHttp } from '${helpersImport}'

export default defineChecks({
  '${EXERCISE_ID}': [
    containerRunning('${CONTAINER_NAME}'),
    containerPublishesPort('${CONTAINER_NAME}', 8080, 80),
    workstationAnswersHttp(8080),
  ],
})
`
  } else {
    files[`checks/${EXERCISE_ID}.sh`] = `# Runs in the learner's workstation, in ~/workspace/${id}/ ($LESSON_DIR).
# Each "FAIL: …" line is a failed condition (a "HINT: …" line below it is its hint), each "PASS: …"
# a passed one; the exit code decides the verdict.
status=0
if [ "$(docker inspect -f '{{.State.Running}}' ${CONTAINER_NAME} 2>/dev/null)" = true ]; then
  echo "PASS: ${CONTAINER_NAME} 컨테이너가 실행 중입니다."
else
  echo "FAIL: ${CONTAINER_NAME} 컨테이너가 실행 중이 아닙니다."
  echo "HINT: docker run -d --name ${CONTAINER_NAME} -p 8080:80 nginx 를 실행해 보세요."
  status=1
fi
if curl -fsS -o /dev/null http://localhost:8080/; then
  echo "PASS: 8080 포트에서 웹 서버가 응답합니다."
else
  echo "FAIL: 8080 포트에서 응답이 없습니다."
  echo "HINT: -p 8080:80 으로 포트를 연결했는지 docker ps 로 확인하세요."
  status=1
fi
exit $status
`
  }
  return files
}

/** The folder name and order a new lesson takes in `courseDir`: after the last lesson there. */
export async function nextSlot(courseDir: string, id: string): Promise<{ folder: string; order: number }> {
  const entries = await readdir(courseDir, { withFileTypes: true }).catch(() => [])
  const numbers = entries.flatMap((entry) => {
    const prefix = entry.isDirectory() ? /^(\d+)-/.exec(entry.name)?.[1] : undefined
    return prefix === undefined ? [] : [Number(prefix)]
  })
  const lessons: Lesson[] = entries.length > 0 ? await loadCourse(courseDir).catch(() => []) : []
  const next = Math.max(-1, ...numbers) + 1
  return {
    folder: `${String(next).padStart(2, '0')}-${id}`,
    order: Math.max(0, ...lessons.map((lesson) => lesson.frontmatter.order)) + 1,
  }
}

/**
 * Writes a new lesson into `courseDir` (created when missing) and loads it back with the course
 * loader, so a scaffold that would not load is an error here rather than at the next start.
 */
export async function createLesson(courseDir: string, options: Omit<ScaffoldOptions, 'order'>): Promise<Lesson> {
  const id = SlugSchema().safeParse(options.id)
  if (!id.success) throw new Error(`lesson id "${options.id}": ${id.error.issues[0]?.message}`)
  const { folder, order } = await nextSlot(courseDir, options.id)
  const existing = await readdir(courseDir).catch(() => [])
  if (existing.some((name) => name.replace(/^\d+-/, '') === options.id)) {
    throw new Error(`${courseDir} already has a lesson folder for "${options.id}"`)
  }
  const dir = path.join(courseDir, folder)
  for (const [relative, content] of Object.entries(scaffoldFiles({ ...options, order }))) {
    await mkdir(path.dirname(path.join(dir, relative)), { recursive: true })
    await writeFile(path.join(dir, relative), content, { flag: 'wx' })
  }
  return loadLessonFolder(dir)
}
