/**
 * @module `npm run lessons -- verify [--dir <pack>] [--lesson <id>] [--exercise <id>]`: proves that
 * every exercise's check fails on a fresh sandbox and passes once its solution has been typed in.
 * It lives in the sandbox server, not in the lessons package, because it drives the server's own
 * Docker provider, and the server already depends on the lessons package (the other way would be a
 * cycle). Exit codes: 0 all verified, 1 any miss (or the engine failed), 2 bad usage or a broken pack.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { BUILTIN_COURSE_DIR, CourseError, loadCourse, workspaceFiles, type Lesson } from '@docker-classroom/lessons'
import { createLogger, type Logger } from '../../logger.ts'
import { createDockerProvider } from '../../sandbox/docker/index.ts'
import { readSettings } from '../../settings.ts'
import { formatMiss, formatVerdictTable, verdictOk } from './report.ts'
import { selectExercises, verifyExercises } from './verify.ts'

export const USAGE = `usage: npm run lessons -- verify [--dir <lesson pack>] [--lesson <id>] [--exercise <id>]

  --dir       folder of lesson folders (content.mdx, checks.ts, solutions/); default: the built-in course
  --lesson    only this lesson id
  --exercise  only this exercise id (in every lesson, or in --lesson)`

/** Exit codes of the command. */
export const EXIT = { ok: 0, miss: 1, usage: 2 } as const

/** Workstations at once: two keep a 2-core machine busy without starving the inner engines. */
const CONCURRENCY = 2

/** Where the command writes and what it reads besides its arguments. */
export interface CliIo {
  /** The table and the misses. */
  out: (text: string) => void
  /** Progress and usage errors. */
  err: (text: string) => void
  env: NodeJS.ProcessEnv
  /** Aborts the run: started exercises still destroy their sandboxes. */
  signal?: AbortSignal
}

interface VerifyArgs {
  dir: string
  lessonId?: string
  exerciseId?: string
}

/** Parses the arguments; a string is the usage error to print. */
export function parseVerifyArgs(argv: readonly string[], cwd: string): VerifyArgs | string {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { dir: { type: 'string' }, lesson: { type: 'string' }, exercise: { type: 'string' } },
    })
  } catch (error) {
    return (error as Error).message
  }
  const [command, ...rest] = parsed.positionals
  if (command !== 'verify') return command === undefined ? 'name a command: verify' : `unknown command "${command}"`
  if (rest.length > 0) return `unexpected argument "${rest[0]}"`
  const { dir, lesson, exercise } = parsed.values
  return {
    dir: dir === undefined ? BUILTIN_COURSE_DIR : path.resolve(cwd, dir),
    ...(lesson !== undefined ? { lessonId: lesson } : {}),
    ...(exercise !== undefined ? { exerciseId: exercise } : {}),
  }
}

/** The provider's warnings and errors on stderr; its routine info lines would bury the table. */
function quietLogger(err: (text: string) => void): Logger {
  const logger = createLogger(err)
  return { info: () => {}, warn: logger.warn, error: logger.error }
}

async function loadPack(dir: string, err: (text: string) => void): Promise<Lesson[] | null> {
  try {
    return await loadCourse(dir)
  } catch (error) {
    if (error instanceof CourseError) err(`The lesson pack ${dir} is broken:\n- ${error.problems.join('\n- ')}\n`)
    else err(`Cannot read the lesson pack ${dir}: ${(error as Error).message}\n`)
    return null
  }
}

/**
 * Runs the command with `argv` (without node and the script).
 * @returns the exit code
 */
export async function runLessonsCli(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseVerifyArgs(argv, io.env.INIT_CWD ?? process.cwd())
  if (typeof args === 'string') {
    io.err(`${args}\n\n${USAGE}\n`)
    return EXIT.usage
  }
  const lessons = await loadPack(args.dir, io.err)
  if (!lessons) return EXIT.usage
  const targets = selectExercises(lessons, args)
  if (targets.length === 0) {
    io.err(`No exercise matches${args.lessonId ? ` --lesson ${args.lessonId}` : ''}${args.exerciseId ? ` --exercise ${args.exerciseId}` : ''} in ${args.dir}\n`)
    return EXIT.usage
  }

  // A socket root of our own: servers sweep only their own root, and we remove ours at the end.
  const socketRoot = await mkdtemp(path.join(io.env.TMPDIR ?? tmpdir(), 'docker-classroom-verify-'))
  const startedAt = performance.now()
  try {
    const settings = readSettings({ ...io.env, SOCKET_ROOT: socketRoot })
    const provider = await createDockerProvider({ settings, logger: quietLogger(io.err) })
    io.err(`Verifying ${targets.length} exercise(s) of ${args.dir}, ${CONCURRENCY} at a time (isolation: ${provider.isolation})\n`)
    const verdicts = await verifyExercises(targets, {
      provider,
      workspaceFiles: workspaceFiles(lessons),
      concurrency: CONCURRENCY,
      settleMs: 15_000,
      lineTimeoutMs: 120_000,
      tailLines: 15,
      ...(io.signal ? { signal: io.signal } : {}),
      onVerdict: (verdict) =>
        io.err(`${verdictOk(verdict) ? '✓' : '✗'} ${verdict.lessonId}/${verdict.exerciseId} ${verdict.seconds.toFixed(1)} s\n`),
    })
    io.out(`\n${formatVerdictTable(verdicts, (performance.now() - startedAt) / 1000)}\n`)
    const misses = verdicts.filter((verdict) => !verdictOk(verdict))
    if (misses.length > 0) io.out(`\n${misses.map(formatMiss).join('\n\n')}\n`)
    return misses.length > 0 || verdicts.length < targets.length ? EXIT.miss : EXIT.ok
  } catch (error) {
    io.err(`Verification could not run: ${(error as Error).message}\n`)
    return EXIT.miss
  } finally {
    await rm(socketRoot, { recursive: true, force: true })
  }
}
