/**
 * @module How an exercise check is written and run. A check is a list of named conditions; each
 * one asks the learner's own engine (through the Docker API) or their workstation, and carries the
 * Korean messages and hint the learner sees.
 */
import type Dockerode from 'dockerode'
import type { CheckResult, ConditionResult } from './schema.ts'

export interface ExecResult {
  exitCode: number
  stdout: string
  stderr: string
}

/** What a condition may use. Everything is scoped to one learner's sandbox. */
export interface CheckContext {
  /** Docker API client bound to the learner's inner engine. */
  docker: Dockerode
  /**
   * Runs a program inside the learner's workstation, as an argument vector (never a shell string),
   * for what the engine API cannot tell, such as an HTTP answer on a published port.
   */
  exec(argv: readonly string[]): Promise<ExecResult>
}

export interface ConditionSpec {
  /** Stable id, unique within the exercise. */
  id: string
  /** Korean sentence shown when the condition holds. */
  passMessage: string
  /** Korean sentence shown when it does not. */
  failMessage: string
  /** Korean hint shown with a failure. */
  hint: string
  test(ctx: CheckContext): Promise<boolean>
}

/** Checks of one lesson, keyed by exercise id. */
export type LessonChecks = Readonly<Record<string, readonly ConditionSpec[]>>

/** Identity helper that gives lesson check modules their type. */
export const defineChecks = (checks: LessonChecks): LessonChecks => checks

/** Told about a condition whose test threw (the learner sees it as failed). */
export type ConditionErrorHandler = (conditionId: string, error: unknown) => void

/** Korean message for a condition whose test threw (engine gone, timeout…). */
const CONDITION_ERROR_MESSAGE = '이 조건을 확인하는 중에 오류가 났습니다. 잠시 후 다시 채점해 보세요.'

/** Runs every condition (in order, so later ones see a settled engine) and gathers the verdicts. */
export async function runConditions(
  conditions: readonly ConditionSpec[],
  ctx: CheckContext,
  onError: ConditionErrorHandler = () => {},
): Promise<CheckResult> {
  const results: ConditionResult[] = []
  for (const condition of conditions) {
    let passed = false
    let failMessage = condition.failMessage
    try {
      passed = await condition.test(ctx)
    } catch (error) {
      onError(condition.id, error)
      failMessage = CONDITION_ERROR_MESSAGE
    }
    results.push(
      passed
        ? { id: condition.id, passed, message: condition.passMessage }
        : { id: condition.id, passed, message: failMessage, hint: condition.hint },
    )
  }
  return { passed: results.every((result) => result.passed), conditions: results }
}
