/**
 * The quiz island (`client:load`, rendered by `Quiz.astro`): one form per question with radio buttons
 * (or checkboxes when several options are right), a 확인 button, ✓/✗ for the answer and, once it is
 * right, the explanation. The page carries digests instead of the answers (`answer-seal.ts`), so the
 * check runs here without the answer being in the HTML. When every question is answered right, the
 * quiz is recorded in the learner's progress like a passed exercise (`progressId`).
 *
 * Test hooks:
 * - `data-testid="quiz"`: the quiz; `data-testid="quiz-score"` its "n / total" line.
 * - `data-testid="quiz-question"` with `data-question-id` and `data-answered="true|false"`: one question.
 * - `data-testid="quiz-submit"`: a question's 확인 button.
 * - `data-testid="quiz-result"` with `data-correct="true|false"`: the ✓/✗ line after 확인.
 * - `data-testid="quiz-explanation"`: the explanation, present once the answer is right.
 * - `data-testid="quiz-passed-badge"`: shown once the whole quiz has been passed.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { t } from '../../i18n/t.ts'
import { browserStorage } from '../../lib/browser-storage.ts'
import { splitCode } from '../../lib/inline-code.ts'
import { hasPassed, markPassed, onProgressChange, readProgress } from '../../lib/progress.ts'
import { answerDigest, answerKey, unsealExplanation } from './answer-seal.ts'
// The quiz is a card like the exercise card: it takes that card's frame, header and button styles.
import '../ExerciseCard.css'
import './quiz.css'

/** A question as the page carries it: no correct flags, the explanation sealed. */
export interface QuizQuestionView {
  id: string
  question: string
  multiple: boolean
  options: { id: string; text: string }[]
  digest: string
  sealedExplanation: string
}

interface Props {
  lessonId: string
  /** The progress key the passed quiz is recorded under, beside the lesson's exercise ids. */
  progressId: string
  questions: QuizQuestionView[]
}

/** Text with `backticks` shown as code, as in the lesson's Markdown. */
function withCode(text: string): ReactNode[] {
  return splitCode(text).map((part, index) => (part.code ? <code key={index}>{part.text}</code> : part.text))
}

type Answer = { kind: 'unanswered' } | { kind: 'wrong' } | { kind: 'right'; explanation: string }

interface QuestionProps {
  lessonId: string
  number: number
  question: QuizQuestionView
  onRight: () => void
}

function QuizQuestion({ lessonId, number, question, onRight }: QuestionProps) {
  const [selected, setSelected] = useState<string[]>([])
  const [answer, setAnswer] = useState<Answer>({ kind: 'unanswered' })
  const explanationRef = useRef<HTMLDivElement>(null)
  const right = answer.kind === 'right'
  const legendId = `quiz-${question.id}-legend`

  useEffect(() => {
    // The fieldset is disabled once right, which drops focus from the 확인 button: hand it to the explanation.
    if (right) explanationRef.current?.focus()
  }, [right])

  function choose(optionId: string, checked: boolean) {
    setSelected((current) =>
      question.multiple ? (checked ? [...current, optionId] : current.filter((id) => id !== optionId)) : [optionId],
    )
    setAnswer({ kind: 'unanswered' })
  }

  function submit() {
    const key = answerKey(lessonId, question.id, selected)
    if (answerDigest(key) !== question.digest) {
      setAnswer({ kind: 'wrong' })
      return
    }
    setAnswer({ kind: 'right', explanation: unsealExplanation(question.sealedExplanation, key) })
    onRight()
  }

  return (
    <form
      className="quiz-question"
      data-testid="quiz-question"
      data-question-id={question.id}
      data-answered={String(right)}
      onSubmit={(event) => {
        event.preventDefault()
        submit()
      }}
    >
      <fieldset disabled={right} aria-describedby={answer.kind === 'unanswered' ? undefined : `quiz-${question.id}-result`}>
        <legend id={legendId} className="quiz-legend">
          {/* One string: adjacent text nodes (`{number}.`) come out doubled after Preact's hydration. */}
          <span className="quiz-number">{`${number}.`}</span> {withCode(question.question)}
          {question.multiple && <span className="quiz-multiple"> {t('quiz.pickAll')}</span>}
        </legend>
        {question.options.map((option) => (
          <label key={option.id} className="quiz-option">
            <input
              type={question.multiple ? 'checkbox' : 'radio'}
              name={`quiz-${lessonId}-${question.id}`}
              value={option.id}
              checked={selected.includes(option.id)}
              onChange={(event) => choose(option.id, event.currentTarget.checked)}
            />
            <span>{withCode(option.text)}</span>
          </label>
        ))}
      </fieldset>
      <div className="quiz-actions">
        {!right && (
          <button type="submit" className="exercise-check quiz-submit" data-testid="quiz-submit" disabled={selected.length === 0}>
            {t('quiz.submit')}
          </button>
        )}
        <p className="quiz-result" id={`quiz-${question.id}-result`} role="status" data-testid="quiz-result" data-correct={answer.kind === 'unanswered' ? undefined : String(right)}>
          {answer.kind === 'wrong' && (
            <>
              <span aria-hidden="true">✗ </span>
              {t('quiz.wrong')}
            </>
          )}
          {right && (
            <>
              <span aria-hidden="true">✓ </span>
              {t('quiz.right')}
            </>
          )}
        </p>
      </div>
      {answer.kind === 'right' && (
        <div className="quiz-explanation" data-testid="quiz-explanation" ref={explanationRef} tabIndex={-1}>
          <strong>{t('quiz.explanation')}</strong> {withCode(answer.explanation)}
        </div>
      )}
    </form>
  )
}

export default function QuizCard({ lessonId, progressId, questions }: Props) {
  const [rightIds, setRightIds] = useState<ReadonlySet<string>>(new Set())
  const [passed, setPassed] = useState(false)

  useEffect(() => {
    const refresh = () => setPassed(hasPassed(readProgress(browserStorage()), lessonId, progressId))
    refresh()
    return onProgressChange(refresh)
  }, [lessonId, progressId])

  function recordRight(questionId: string) {
    const next = new Set(rightIds).add(questionId)
    setRightIds(next)
    if (next.size === questions.length) markPassed(browserStorage(), lessonId, progressId, { events: window })
  }

  return (
    <section className="exercise quiz" data-testid="quiz" aria-labelledby={`quiz-${lessonId}-title`}>
      <header className="exercise-header not-content">
        <span className="exercise-label">{t('quiz.label')}</span>
        <h3 className="exercise-title" id={`quiz-${lessonId}-title`}>
          {t('quiz.title')}
        </h3>
        <span className="quiz-score" data-testid="quiz-score">
          {t('quiz.score', { right: rightIds.size, total: questions.length })}
        </span>
        {passed && (
          <span className="exercise-badge" data-testid="quiz-passed-badge">
            ✓ {t('quiz.badge')}
          </span>
        )}
      </header>
      {questions.map((question, index) => (
        <QuizQuestion key={question.id} lessonId={lessonId} number={index + 1} question={question} onRight={() => recordRight(question.id)} />
      ))}
    </section>
  )
}
