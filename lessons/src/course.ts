/**
 * @module Loads the course from disk: one folder per lesson (TutorialKit-style), holding
 * `content.mdx` (text + frontmatter), the exercise checks (`checks.ts`, and/or a shell script
 * `checks/<exercise>.sh` per exercise), `solutions/<exercise>.sh` (the commands that solve each
 * exercise, one per line) and, optionally, `files/**`: text files every
 * learner's workstation gets under `/root/workspace/<lesson id>/` (a Dockerfile to fix, an app to
 * containerise). Every problem is reported at once, with the file it is in and how to fix it.
 */
import { lstat, readdir, readFile } from 'node:fs/promises'
import { registerHooks } from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { MAX_CHECK_SCRIPT_BYTES } from './check-script.ts'
import type { LessonChecks } from './checks.ts'
import { LessonFrontmatterSchema, type LessonFrontmatter, type LessonSummary } from './schema.ts'

/** The built-in course shipped with the project. */
export const BUILTIN_COURSE_DIR = fileURLToPath(new URL('../course', import.meta.url))

/** Largest file a lesson may ship: workstations get every lesson's files at every session start. */
export const MAX_LESSON_FILE_BYTES = 256 * 1024

export interface Lesson {
  frontmatter: LessonFrontmatter
  /** Absolute path of the lesson folder. */
  dir: string
  checks: LessonChecks
  /** Shell check scripts (`checks/<exercise>.sh`), keyed by exercise id. */
  checkScripts: Readonly<Record<string, string>>
  /** Commands that solve each exercise, keyed by exercise id. */
  solutions: Readonly<Record<string, readonly string[]>>
  /** The lesson's `files/` folder: path relative to it (`/`-separated) → UTF-8 text. */
  files: Readonly<Record<string, string>>
}

export class CourseError extends Error {
  readonly problems: readonly string[]

  constructor(problems: readonly string[]) {
    super(`The course has ${problems.length} problem(s):\n- ${problems.join('\n- ')}`)
    this.name = 'CourseError'
    this.problems = problems
  }
}

/** Splits `---\nyaml\n---\nbody` and returns the parsed YAML. */
export function readFrontmatter(source: string): unknown {
  const match = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(source)
  if (!match) throw new Error('the file must start with a "---" frontmatter block')
  return parseYaml(match[1] ?? '')
}

/** Parses a solution script: one command per line; blank lines and `#` comments are skipped. */
export function parseSolution(source: string): string[] {
  return source
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
}

/**
 * Reads `files/` of a lesson into `files`, refusing symlinks (a link could reach outside the pack),
 * anything but folders and regular files, files over MAX_LESSON_FILE_BYTES and text that is not UTF-8.
 */
async function readLessonFiles(folder: string, relative: string, files: Record<string, string>, problems: string[]): Promise<void> {
  const here = path.join(folder, relative)
  for (const entry of (await readdir(here, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const entryRelative = relative === '' ? entry.name : `${relative}/${entry.name}`
    const entryPath = path.join(here, entry.name)
    if (entry.isSymbolicLink()) {
      problems.push(`${entryPath}: is a symlink; put the file itself in files/`)
    } else if (entry.isDirectory()) {
      await readLessonFiles(folder, entryRelative, files, problems)
    } else if (!entry.isFile()) {
      problems.push(`${entryPath}: only folders and regular files may be in files/`)
    } else {
      const { size } = await lstat(entryPath)
      if (size > MAX_LESSON_FILE_BYTES) {
        problems.push(`${entryPath}: ${size} bytes, over the ${MAX_LESSON_FILE_BYTES} a lesson file may have`)
        continue
      }
      try {
        files[entryRelative] = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(entryPath))
      } catch {
        problems.push(`${entryPath}: not UTF-8 text; files/ holds text files only`)
      }
    }
  }
}

/** The `files/` folder of the lesson at `dir` (see `Lesson.files`), empty when it has none; problems go to `problems`. */
export async function loadLessonFiles(dir: string, problems: string[]): Promise<Record<string, string>> {
  const folder = path.join(dir, 'files')
  const files: Record<string, string> = {}
  const stat = await lstat(folder).catch(() => undefined)
  if (!stat) return files
  if (!stat.isDirectory()) problems.push(`${folder}: must be a folder (not a symlink or a file)`)
  else await readLessonFiles(folder, '', files, problems)
  return files
}

/** The lesson's `checks/<exercise>.sh` scripts, keyed by exercise id; problems go to `problems`. */
async function loadCheckScripts(dir: string, problems: string[]): Promise<Record<string, string>> {
  const folder = path.join(dir, 'checks')
  const scripts: Record<string, string> = {}
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => [])
  for (const entry of entries) {
    const scriptPath = path.join(folder, entry.name)
    const id = /^(.+)\.sh$/.exec(entry.name)?.[1]
    if (!entry.isFile() || id === undefined) {
      problems.push(`${scriptPath}: checks/ holds only <exercise>.sh scripts`)
      continue
    }
    const script = await readFile(scriptPath, 'utf8')
    if (Buffer.byteLength(script) > MAX_CHECK_SCRIPT_BYTES) {
      problems.push(`${scriptPath}: over the ${MAX_CHECK_SCRIPT_BYTES} bytes a check script may have`)
      continue
    }
    scripts[id] = script
  }
  return scripts
}

/**
 * Lets a lesson pack outside this repository write `import { defineChecks } from
 * '@docker-classroom/lessons'` in its checks.ts: Node would look for the package beside the pack.
 */
let lessonImportsAllowed = false
function allowLessonPackageImports(): void {
  if (lessonImportsAllowed) return
  lessonImportsAllowed = true
  const entries: Record<string, string> = {
    '@docker-classroom/lessons': new URL('./index.ts', import.meta.url).href,
    '@docker-classroom/lessons/schema': new URL('./schema.ts', import.meta.url).href,
  }
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const url = entries[specifier]
      return url === undefined ? nextResolve(specifier, context) : { url, shortCircuit: true }
    },
  })
}

async function loadLesson(dir: string, problems: string[]): Promise<Lesson | null> {
  const contentPath = path.join(dir, 'content.mdx')
  let frontmatter: LessonFrontmatter
  try {
    const source = await readFile(contentPath, 'utf8')
    const parsed = LessonFrontmatterSchema().safeParse(readFrontmatter(source))
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push(`${contentPath}: ${issue.path.join('.') || '(frontmatter)'}: ${issue.message}`)
      }
      return null
    }
    frontmatter = parsed.data
    // Without the tag the learner never sees the quiz and can never finish the lesson.
    if (frontmatter.quiz.length > 0 && !/<Quiz\s*\/>/.test(source)) {
      problems.push(`${contentPath}: the frontmatter has a quiz but the text has no <Quiz />; put <Quiz /> where the questions should appear`)
    }
  } catch (error) {
    problems.push(`${contentPath}: ${(error as Error).message}`)
    return null
  }

  let checks: LessonChecks = {}
  const checksPath = path.join(dir, 'checks.ts')
  if (frontmatter.exercises.length > 0 && (await lstat(checksPath).catch(() => undefined))) {
    try {
      allowLessonPackageImports()
      const module = (await import(pathToFileURL(checksPath).href)) as { default?: LessonChecks }
      checks = module.default ?? {}
    } catch (error) {
      problems.push(`${checksPath}: cannot load the checks (${(error as Error).message})`)
    }
  }
  const checkScripts = await loadCheckScripts(dir, problems)

  const solutions: Record<string, string[]> = {}
  for (const exercise of frontmatter.exercises) {
    if (!checks[exercise.id]?.length && checkScripts[exercise.id] === undefined) {
      problems.push(
        `${dir}: exercise "${exercise.id}" has no check; add its conditions to checks.ts or write checks/${exercise.id}.sh`,
      )
    }
    const solutionPath = path.join(dir, 'solutions', `${exercise.id}.sh`)
    try {
      solutions[exercise.id] = parseSolution(await readFile(solutionPath, 'utf8'))
    } catch {
      problems.push(`${solutionPath}: missing; write the commands that solve "${exercise.id}"`)
    }
  }
  for (const [id, where] of [
    ...Object.keys(checks).map((id) => [id, 'checks.ts'] as const),
    ...Object.keys(checkScripts).map((id) => [id, `checks/${id}.sh`] as const),
  ]) {
    if (!frontmatter.exercises.some((exercise) => exercise.id === id)) {
      problems.push(`${dir}/${where}: "${id}" is not an exercise in the frontmatter`)
    }
  }
  return { frontmatter, dir, checks, checkScripts, solutions, files: await loadLessonFiles(dir, problems) }
}

/** Loads one lesson folder; throws a CourseError listing all its problems. */
export async function loadLessonFolder(dir: string): Promise<Lesson> {
  const problems: string[] = []
  const lesson = await loadLesson(dir, problems)
  if (!lesson || problems.length > 0) throw new CourseError(problems)
  return lesson
}

/** Loads every lesson folder under `courseDir`, sorted by `order`; throws a CourseError listing all problems. */
export async function loadCourse(courseDir: string = BUILTIN_COURSE_DIR): Promise<Lesson[]> {
  const entries = await readdir(courseDir, { withFileTypes: true }).catch((error: Error) => {
    throw new CourseError([`${courseDir}: cannot read the lessons folder (${error.message})`])
  })
  const problems: string[] = []
  const lessons: Lesson[] = []
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const lesson = await loadLesson(path.join(courseDir, entry.name), problems)
    if (lesson) lessons.push(lesson)
  }
  const ids = new Map<string, string>()
  for (const lesson of lessons) {
    const other = ids.get(lesson.frontmatter.id)
    if (other) problems.push(`${lesson.dir}: lesson id "${lesson.frontmatter.id}" is also used by ${other}`)
    ids.set(lesson.frontmatter.id, lesson.dir)
  }
  if (problems.length > 0) throw new CourseError(problems)
  return lessons.sort((a, b) => a.frontmatter.order - b.frontmatter.order)
}

/**
 * The built-in course followed by the lessons of `packDir` (an instructor's pack, if any), each part
 * in its own order; a pack lesson may not reuse an id of the course.
 */
export async function loadCourseWithPack(packDir?: string): Promise<Lesson[]> {
  const course = await loadCourse()
  if (packDir === undefined) return course
  const pack = await loadCourse(packDir)
  const builtinIds = new Set(course.map((lesson) => lesson.frontmatter.id))
  const clashes = pack.filter((lesson) => builtinIds.has(lesson.frontmatter.id))
  if (clashes.length > 0) {
    throw new CourseError(
      clashes.map((lesson) => `${lesson.dir}: lesson id "${lesson.frontmatter.id}" is taken by the built-in course; choose another`),
    )
  }
  return [...course, ...pack]
}

/** Every lesson's files as a workstation's lesson folder holds them: `<lesson id>/<path>` → content. */
export function workspaceFiles(lessons: readonly Lesson[]): Record<string, string> {
  return Object.fromEntries(
    lessons.flatMap((lesson) =>
      Object.entries(lesson.files).map(([relative, content]) => [`${lesson.frontmatter.id}/${relative}`, content]),
    ),
  )
}

/** The outline `GET /api/lessons` answers. */
export function summarize(lessons: readonly Lesson[]): LessonSummary[] {
  return lessons.map(({ frontmatter: { id, title, description, order, exercises } }) => ({
    id,
    title,
    description,
    order,
    exercises,
  }))
}
