/**
 * The exercise island (`client:load`, rendered by `Exercise.astro`): the task, a 채점 button that
 * runs the exercise's check against the page's session, and the result per condition. Passed
 * exercises are recorded in the learner's progress (`lib/progress.ts`) and shown with a badge.
 *
 * Test hooks:
 * - `data-testid="exercise"` (with `data-exercise-id`): the card.
 * - `data-testid="check-button"`: the 채점 button.
 * - `data-testid="check-status"`: the progress or error line.
 * - `data-testid="check-summary"` with `data-passed="true|false"`: the overall result.
 * - `data-testid="check-condition"` with `data-condition-id` and `data-passed="true|false"`: one row per condition.
 * - `data-testid="exercise-passed-badge"`: the badge shown once the exercise has been passed.
 * - `data-testid="solution-button"`: 정답 보기 (asks to confirm); `data-testid="solution"`: the revealed
 *   commands, each with `data-testid="solution-run"` (types it into the terminal).
 */
import type { CheckResult } from '@docker-classroom/lessons/schema'
import { useEffect, useState, type ReactNode } from 'react'
import { t } from '../i18n/t.ts'
import { browserStorage } from '../lib/browser-storage.ts'
import { hasPassed, markPassed, onProgressChange, readProgress } from '../lib/progress.ts'
import { ApiError, apiRequest } from '../lib/session/session-client.ts'
import { getSessionStore } from '../lib/session/session-store.ts'
import { runInTerminal } from '../lib/terminal/terminal-bus.ts'
import './ExerciseCard.css'

interface Props {
  lessonId: string
  exerciseId: string
  title: string
  /** The task text from the lesson. */
  children?: ReactNode
}

type SolutionState = { kind: 'hidden' } | { kind: 'loading' } | { kind: 'shown'; commands: string[] } | { kind: 'error'; message: string }

type CheckState = { kind: 'idle' } | { kind: 'checking' } | { kind: 'done'; result: CheckResult } | { kind: 'error'; message: string }

function errorMessage(error: unknown): string {
  if (error instanceof ApiError && error.sessionGone) return t('exercise.sessionRenewed')
  return t('exercise.error', { message: error instanceof Error ? error.message : String(error) })
}

export default function ExerciseCard({ lessonId, exerciseId, title, children }: Props) {
  const [check, setCheck] = useState<CheckState>({ kind: 'idle' })
  const [passed, setPassed] = useState(false)
  const [solution, setSolution] = useState<SolutionState>({ kind: 'hidden' })

  useEffect(() => {
    const refresh = () => setPassed(hasPassed(readProgress(browserStorage()), lessonId, exerciseId))
    refresh()
    return onProgressChange(refresh)
  }, [lessonId, exerciseId])

  async function runCheck() {
    setCheck({ kind: 'checking' })
    try {
      const result = await getSessionStore().check(lessonId, exerciseId)
      setCheck({ kind: 'done', result })
      if (result.passed) markPassed(browserStorage(), lessonId, exerciseId, { events: window })
    } catch (error) {
      setCheck({ kind: 'error', message: errorMessage(error) })
    }
  }

  /** Asks first: seeing the answer ends the learner's own try. The commands come from the server only now. */
  async function revealSolution() {
    if (!window.confirm(t('exercise.solutionConfirm'))) return
    setSolution({ kind: 'loading' })
    try {
      const body = (await apiRequest('GET', `/api/lessons/${encodeURIComponent(lessonId)}/solutions/${encodeURIComponent(exerciseId)}`)) as {
        commands: string[]
      }
      setSolution({ kind: 'shown', commands: body.commands })
    } catch (error) {
      setSolution({ kind: 'error', message: error instanceof Error ? error.message : String(error) })
    }
  }

  const checking = check.kind === 'checking'
  return (
    <section className="exercise" data-testid="exercise" data-exercise-id={exerciseId} aria-labelledby={`exercise-${exerciseId}`}>
      <header className="exercise-header not-content">
        <span className="exercise-label">{t('exercise.label')}</span>
        <h3 className="exercise-title" id={`exercise-${exerciseId}`}>
          {title}
        </h3>
        {passed && (
          <span className="exercise-badge" data-testid="exercise-passed-badge">
            ✓ {t('exercise.badge')}
          </span>
        )}
      </header>
      <div className="exercise-task">{children}</div>
      <div className="exercise-actions not-content">
        <button
          type="button"
          className="exercise-check"
          data-testid="check-button"
          aria-label={t('exercise.checkAria', { title })}
          aria-busy={checking}
          disabled={checking}
          onClick={() => void runCheck()}
        >
          {t('exercise.check')}
        </button>
        {solution.kind !== 'shown' && (
          <button
            type="button"
            className="exercise-solution-button"
            data-testid="solution-button"
            aria-label={t('exercise.solutionAria', { title })}
            disabled={solution.kind === 'loading'}
            onClick={() => void revealSolution()}
          >
            {t('exercise.solution')}
          </button>
        )}
        <p className="exercise-status" data-testid="check-status" role="status" data-error={check.kind === 'error'}>
          {checking ? t('exercise.checking') : check.kind === 'error' ? check.message : ''}
        </p>
      </div>
      {solution.kind === 'error' && (
        <p className="exercise-status not-content" role="alert" data-error="true">
          {solution.message}
        </p>
      )}
      {solution.kind === 'shown' && (
        <div className="exercise-solution not-content" data-testid="solution">
          <p className="exercise-solution-title">{t('exercise.solutionTitle')}</p>
          <ol>
            {solution.commands.map((command, index) => (
              <li key={index}>
                <code>{command}</code>
                <button
                  type="button"
                  data-testid="solution-run"
                  aria-label={t('exercise.solutionRunAria', { command })}
                  onClick={() => runInTerminal(command)}
                >
                  {t('code.run')}
                </button>
              </li>
            ))}
          </ol>
        </div>
      )}
      {check.kind === 'done' && (
        <div className="exercise-result not-content">
          <p className="exercise-summary" data-testid="check-summary" data-passed={String(check.result.passed)}>
            {check.result.passed ? t('exercise.passed') : t('exercise.failed')}
          </p>
          <ul className="exercise-conditions">
            {check.result.conditions.map((condition) => (
              <li
                key={condition.id}
                className="exercise-condition"
                data-testid="check-condition"
                data-condition-id={condition.id}
                data-passed={String(condition.passed)}
              >
                <span className="exercise-condition-mark" aria-hidden="true">
                  {condition.passed ? '✓' : '✗'}
                </span>
                <span className="sr-only">{condition.passed ? t('exercise.conditionPassed') : t('exercise.conditionFailed')}</span>
                <span className="exercise-condition-message">{condition.message}</span>
                {!condition.passed && condition.hint && (
                  <p className="exercise-hint">
                    <strong>{t('exercise.hint')}</strong> {condition.hint}
                  </p>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  )
}
