/**
 * @module Loads the course from disk: one folder per lesson (TutorialKit-style), holding
 * `content.mdx` (text + frontmatter), `checks.ts` (exercise checks) and `solutions/<exercise>.sh`
 * (the commands that solve each exercise, one per line) and, optionally, `files/**`: text files every
 * learner's workstation gets under `/root/workspace/<lesson id>/` (a Dockerfile to fix, an app to
 * containerise). Every problem is reported at once, with the file it is in and how to fix it.
 */
import { lstat, readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parse as parseYaml } from 'yaml'
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

async function loadLesson(dir: string, problems: string[]): Promise<Lesson | null> {
  const contentPath = path.join(dir, 'content.mdx')
  let frontmatter: LessonFrontmatter
  try {
    const parsed = LessonFrontmatterSchema().safeParse(readFrontmatter(await readFile(contentPath, 'utf8')))
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push(`${contentPath}: ${issue.path.join('.') || '(frontmatter)'}: ${issue.message}`)
      }
      return null
    }
    frontmatter = parsed.data
  } catch (error) {
    problems.push(`${contentPath}: ${(error as Error).message}`)
    return null
  }

  let checks: LessonChecks = {}
  if (frontmatter.exercises.length > 0) {
    const checksPath = path.join(dir, 'checks.ts')
    try {
      const module = (await import(pathToFileURL(checksPath).href)) as { default?: LessonChecks }
      checks = module.default ?? {}
    } catch (error) {
      problems.push(`${checksPath}: cannot load the checks (${(error as Error).message})`)
    }
  }

  const solutions: Record<string, string[]> = {}
  for (const exercise of frontmatter.exercises) {
    if (!checks[exercise.id]?.length) {
      problems.push(`${dir}: exercise "${exercise.id}" has no conditions in checks.ts`)
    }
    const solutionPath = path.join(dir, 'solutions', `${exercise.id}.sh`)
    try {
      solutions[exercise.id] = parseSolution(await readFile(solutionPath, 'utf8'))
    } catch {
      problems.push(`${solutionPath}: missing; write the commands that solve "${exercise.id}"`)
    }
  }
  for (const id of Object.keys(checks)) {
    if (!frontmatter.exercises.some((exercise) => exercise.id === id)) {
      problems.push(`${dir}/checks.ts: "${id}" is not an exercise in the frontmatter`)
    }
  }
  return { frontmatter, dir, checks, solutions, files: await loadLessonFiles(dir, problems) }
}

/** Loads every lesson folder under `courseDir`, sorted by `order`; throws a CourseError listing all problems. */
export async function loadCourse(courseDir: string = BUILTIN_COURSE_DIR): Promise<Lesson[]> {
  const entries = await readdir(courseDir, { withFileTypes: true })
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
