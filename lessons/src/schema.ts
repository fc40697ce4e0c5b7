/**
 * @module The one lesson schema, shared by the site (content collection), the sandbox server
 * (check runner, lesson list) and the tools. Types are derived from the schemas.
 */
import { z } from 'zod'
import { QUIZ_PROGRESS_ID, QuizSchema } from './quiz.ts'

export * from './quiz.ts'

/** Lowercase kebab-case identifier used in URLs and API paths. */
export const SlugSchema = () =>
  z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lowercase letters, digits and single hyphens, e.g. "run-nginx"')

export const ExerciseSchema = () =>
  z.strictObject({
    /** Unique within the lesson; the check and the solution are keyed by it. */
    id: SlugSchema(),
    /** Short Korean title shown above the task. */
    title: z.string().min(1),
  })

export const LessonFrontmatterSchema = () =>
  z
    .strictObject({
      /** Stable id; also the URL slug. */
      id: SlugSchema(),
      title: z.string().min(1),
      description: z.string().min(1),
      /** Position in the course, starting at 1. */
      order: z.number().int().positive(),
      /** What the learner can do after the lesson, in Korean. */
      goals: z.array(z.string().min(1)).min(1),
      durationMinutes: z.number().int().positive(),
      /** Lesson ids to take first. */
      prerequisites: z.array(SlugSchema()).default([]),
      exercises: z.array(ExerciseSchema()).default([]),
      /**
       * What the editor's 빌드 button types into the terminal, e.g.
       * `docker build -t hello-web ~/workspace/dockerfile-basics/hello-web`. Without it, the button
       * builds the folder of the Dockerfile open in the editor (else the lesson folder), tagged with the lesson id.
       */
      buildCommand: z.string().min(1).optional(),
      /** A concept lesson's quiz, checked in the browser (see `quiz.ts`). */
      quiz: QuizSchema().default([]),
    })
    .superRefine((lesson, ctx) => {
      const seen = new Set<string>()
      for (const [index, exercise] of lesson.exercises.entries()) {
        if (seen.has(exercise.id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['exercises', index, 'id'],
            message: `exercise id "${exercise.id}" is used twice; give each exercise its own id`,
          })
        }
        seen.add(exercise.id)
        if (exercise.id === QUIZ_PROGRESS_ID && lesson.quiz.length > 0) {
          ctx.addIssue({ code: 'custom', path: ['exercises', index, 'id'], message: `"${QUIZ_PROGRESS_ID}" names the lesson's quiz in progress; rename the exercise` })
        }
      }
    })

export type LessonFrontmatter = z.output<ReturnType<typeof LessonFrontmatterSchema>>
export type Exercise = z.output<ReturnType<typeof ExerciseSchema>>

/** One named condition of a check, as the learner sees it. */
export const ConditionResultSchema = () =>
  z.object({
    id: z.string(),
    passed: z.boolean(),
    message: z.string(),
    hint: z.string().optional(),
  })

export const CheckResultSchema = () =>
  z.object({
    passed: z.boolean(),
    conditions: z.array(ConditionResultSchema()),
  })

export type ConditionResult = z.output<ReturnType<typeof ConditionResultSchema>>
export type CheckResult = z.output<ReturnType<typeof CheckResultSchema>>

/** What `GET /api/lessons` answers: the course outline without the lesson text. */
export const LessonSummarySchema = () =>
  z.object({
    id: SlugSchema(),
    title: z.string(),
    description: z.string(),
    order: z.number().int(),
    exercises: z.array(ExerciseSchema()),
  })

export type LessonSummary = z.output<ReturnType<typeof LessonSummarySchema>>
