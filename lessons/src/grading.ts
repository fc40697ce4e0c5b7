/**
 * @module Grades one exercise: its TypeScript conditions (`checks.ts`) and then its shell check
 * script (`checks/<exercise>.sh`), whichever the lesson has, as one list of conditions.
 */
import { runConditions, type CheckContext, type ConditionErrorHandler } from './checks.ts'
import { runCheckScript } from './check-script.ts'
import type { Lesson } from './course.ts'
import type { CheckResult } from './schema.ts'

/** True when the lesson can grade `exerciseId` (it has conditions or a check script for it). */
export function hasCheck(lesson: Lesson, exerciseId: string): boolean {
  return (lesson.checks[exerciseId]?.length ?? 0) > 0 || lesson.checkScripts[exerciseId] !== undefined
}

/** Runs every check of `exerciseId`; a condition or script that throws reads as failed and goes to `onError`. */
export async function gradeExercise(
  lesson: Lesson,
  exerciseId: string,
  ctx: CheckContext,
  onError: ConditionErrorHandler = () => {},
): Promise<CheckResult> {
  const typed = await runConditions(lesson.checks[exerciseId] ?? [], ctx, onError)
  const script = lesson.checkScripts[exerciseId]
  if (script === undefined) return typed
  let scripted: CheckResult
  try {
    scripted = await runCheckScript(script, lesson.frontmatter.id, ctx)
  } catch (error) {
    onError('script', error)
    scripted = {
      passed: false,
      conditions: [{ id: 'script', passed: false, message: CHECK_SCRIPT_ERROR_MESSAGE }],
    }
  }
  return { passed: typed.passed && scripted.passed, conditions: [...typed.conditions, ...scripted.conditions] }
}

const CHECK_SCRIPT_ERROR_MESSAGE = '검사 스크립트를 실행하지 못했습니다. 잠시 후 다시 채점해 보세요.'
