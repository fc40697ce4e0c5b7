/**
 * @module Verifies exercises end to end on real sandboxes: for each one a fresh workstation from
 * the provider, the check (it must fail), the solution typed into a terminal line by line, the
 * check again (it must pass), and the workstation destroyed whatever happened.
 */
import {
  gradeExercise,
  type CheckContext,
  type CheckResult,
  type ConditionErrorHandler,
  type Lesson,
} from '@docker-classroom/lessons'
import { setTimeout as sleep } from 'node:timers/promises'
import type { SandboxHandle, SandboxProvider, WorkspaceFiles } from '../../sandbox/provider.ts'
import { newSessionId } from '../../sessions/credentials.ts'
import type { ExerciseVerdict } from './report.ts'
import { runSolutionLines, terminalTail } from './solution-runner.ts'

/** One exercise to verify. */
export interface ExerciseTarget {
  lesson: Lesson
  exerciseId: string
}

export interface VerifyOptions {
  provider: SandboxProvider
  /** Every lesson's files, in each fresh workstation as in a learner's (`workspaceFiles` of the pack). */
  workspaceFiles: WorkspaceFiles
  /** Exercises verified at once; each has a workstation of its own. */
  concurrency: number
  /**
   * How long the check may take to pass after the last solution line, as a learner takes a moment
   * before pressing 채점 (a server started in the background may need it before it answers).
   */
  settleMs: number
  /** How long one solution line may run. */
  lineTimeoutMs: number
  /** Lines of terminal output kept for a miss. */
  tailLines: number
  /** Exercises not yet started are skipped once this aborts; started ones still clean up. */
  signal?: AbortSignal
  /** Called as each exercise finishes, for progress output. */
  onVerdict?: (verdict: ExerciseVerdict) => void
}

const SETTLE_POLL_MS = 500
const TERMINAL_SIZE = { cols: 160, rows: 40 }

/** Every exercise of `lessons`, narrowed to one lesson and/or one exercise id when given. */
export function selectExercises(
  lessons: readonly Lesson[],
  { lessonId, exerciseId }: { lessonId?: string; exerciseId?: string },
): ExerciseTarget[] {
  return lessons
    .filter((lesson) => lessonId === undefined || lesson.frontmatter.id === lessonId)
    .flatMap((lesson) =>
      lesson.frontmatter.exercises
        .filter((exercise) => exerciseId === undefined || exercise.id === exerciseId)
        .map((exercise) => ({ lesson, exerciseId: exercise.id })),
    )
}

/**
 * Runs the check until it passes or `settleMs` has gone by, and returns the last result; only the
 * last attempt's errors count, as an error while a server is still starting is not a bug.
 */
async function checkUntilPassed(
  { lesson, exerciseId }: ExerciseTarget,
  ctx: CheckContext,
  settleMs: number,
  onError: ConditionErrorHandler,
): Promise<CheckResult> {
  const deadline = performance.now() + settleMs
  for (;;) {
    const errors: Array<[string, unknown]> = []
    const result = await gradeExercise(lesson, exerciseId, ctx, (conditionId, error) => errors.push([conditionId, error]))
    if (result.passed || performance.now() >= deadline) {
      for (const [conditionId, error] of errors) onError(conditionId, error)
      return result
    }
    await sleep(SETTLE_POLL_MS)
  }
}

/** Verifies one exercise on a workstation of its own. */
export async function verifyExercise({ lesson, exerciseId }: ExerciseTarget, options: VerifyOptions): Promise<ExerciseVerdict> {
  const { provider } = options
  const startedAt = performance.now()
  const verdict: ExerciseVerdict = {
    lessonId: lesson.frontmatter.id,
    exerciseId,
    title: lesson.frontmatter.exercises.find((exercise) => exercise.id === exerciseId)?.title ?? '',
    lines: [],
    conditionErrors: [],
    tail: [],
    seconds: 0,
  }
  let handle: SandboxHandle | undefined
  try {
    handle = await provider.create(newSessionId(), options.workspaceFiles)
    const sandbox = handle
    const ctx: CheckContext = { docker: provider.innerDocker(sandbox), exec: (argv) => provider.exec(sandbox, argv) }
    // A condition that throws reads as failed to the learner, but with an error message: a bug.
    const recordError = (stage: string): ConditionErrorHandler => (conditionId, error) =>
      verdict.conditionErrors.push(`${conditionId} threw ${stage}: ${(error as Error).message}`)
    verdict.fresh = await gradeExercise(lesson, exerciseId, ctx, recordError('on the fresh sandbox'))
    const terminal = await provider.openTerminal(sandbox, TERMINAL_SIZE)
    try {
      const run = await runSolutionLines(terminal, lesson.solutions[exerciseId] ?? [], {
        lineTimeoutMs: options.lineTimeoutMs,
        startTimeoutMs: options.lineTimeoutMs,
        ...(options.signal ? { signal: options.signal } : {}),
      })
      verdict.lines = run.lines
      verdict.tail = terminalTail(run.output, options.tailLines)
      if (run.problem !== undefined) verdict.problem = run.problem
    } finally {
      terminal.stream.destroy()
    }
    if (!options.signal?.aborted) {
      verdict.solved = await checkUntilPassed({ lesson, exerciseId }, ctx, options.settleMs, recordError('after the solution'))
    }
  } catch (error) {
    verdict.problem = `sandbox: ${(error as Error).message}`
  } finally {
    if (handle) await provider.destroy(handle)
  }
  verdict.seconds = (performance.now() - startedAt) / 1000
  return verdict
}

/** Verifies `targets`, `concurrency` at a time; verdicts come back in the order of `targets`. */
export async function verifyExercises(targets: readonly ExerciseTarget[], options: VerifyOptions): Promise<ExerciseVerdict[]> {
  const verdicts: ExerciseVerdict[] = []
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < targets.length && !options.signal?.aborted) {
      const index = next++
      const verdict = await verifyExercise(targets[index]!, options)
      verdicts[index] = verdict
      options.onVerdict?.(verdict)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker))
  return verdicts.filter((verdict) => verdict !== undefined)
}
