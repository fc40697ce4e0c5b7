/**
 * @module The quiz of a concept lesson: questions with options, the correct option(s) and a Korean
 * explanation each, in the lesson's frontmatter under `quiz`. The site renders and checks it in the
 * browser (`site/src/components/quiz/`); passing every question counts in the learner's progress as
 * one more passed step of the lesson, under `QUIZ_PROGRESS_ID`.
 */
import { z } from 'zod'
import { SlugSchema } from './schema.ts'

/** The progress key of a lesson's quiz, beside its exercise ids; no exercise of a quiz lesson may use it. */
export const QUIZ_PROGRESS_ID = 'quiz'

export const QuizOptionSchema = () =>
  z.strictObject({
    /** Unique within the question; what the browser compares, never shown. */
    id: SlugSchema(),
    /** The option as the learner reads it; `backticks` mark code. */
    text: z.string().min(1),
    correct: z.boolean().default(false),
  })

export const QuizQuestionSchema = () =>
  z
    .strictObject({
      /** Unique within the quiz. */
      id: SlugSchema(),
      /** The question in Korean; `backticks` mark code. */
      question: z.string().min(1),
      /** Several options may be correct and the learner picks all of them (checkboxes instead of radio buttons). */
      multiple: z.boolean().default(false),
      options: z.array(QuizOptionSchema()).min(2, 'give at least two options'),
      /** Why the answer is right, shown once the learner has answered correctly. */
      explanation: z.string().min(1),
    })
    .superRefine((question, ctx) => {
      const seen = new Set<string>()
      for (const [index, option] of question.options.entries()) {
        if (seen.has(option.id)) {
          ctx.addIssue({ code: 'custom', path: ['options', index, 'id'], message: `option id "${option.id}" is used twice in this question` })
        }
        seen.add(option.id)
      }
      const correct = question.options.filter((option) => option.correct).length
      if (!question.multiple && correct !== 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['options'],
          message: `a single-answer question needs exactly one option with "correct: true" (found ${correct}); set "multiple: true" to ask for several`,
        })
      }
      if (question.multiple && correct === 0) {
        ctx.addIssue({ code: 'custom', path: ['options'], message: 'mark at least one option "correct: true"' })
      }
    })

export const QuizSchema = () =>
  z.array(QuizQuestionSchema()).superRefine((questions, ctx) => {
    const seen = new Set<string>()
    for (const [index, question] of questions.entries()) {
      if (seen.has(question.id)) {
        ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `question id "${question.id}" is used twice; give each question its own id` })
      }
      seen.add(question.id)
    }
  })

export type QuizQuestion = z.output<ReturnType<typeof QuizQuestionSchema>>
export type QuizOption = z.output<ReturnType<typeof QuizOptionSchema>>

/** The ids a lesson's progress counts: its exercises, then its quiz when it has one. */
export function progressStepIds(lesson: { exercises: readonly { id: string }[]; quiz: readonly QuizQuestion[] }): string[] {
  const ids = lesson.exercises.map((exercise) => exercise.id)
  return lesson.quiz.length > 0 ? [...ids, QUIZ_PROGRESS_ID] : ids
}
