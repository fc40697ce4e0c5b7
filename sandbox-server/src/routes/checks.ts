/**
 * @module `POST /api/sessions/:id/checks/:lessonId/:exerciseId`: grades an exercise by running its
 * conditions against the learner's own inner engine and workstation.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { gradeExercise, hasCheck, SlugSchema, type Lesson } from '@docker-classroom/lessons'
import { SandboxError } from '../errors.ts'
import type { Logger } from '../logger.ts'
import { sessionAuth } from '../middleware/session-auth/index.ts'
import { validate } from '../middleware/validate/index.ts'
import type { SandboxProvider } from '../sandbox/provider.ts'
import { SessionIdSchema } from '../sessions/credentials.ts'
import type { SessionManager } from '../sessions/session-manager.ts'

export const CheckParamsSchema = () =>
  z.object({ id: SessionIdSchema(), lessonId: SlugSchema(), exerciseId: SlugSchema() })

/** One 채점, as the classroom records it. */
export interface Grade {
  sessionId: string
  lessonId: string
  exerciseId: string
  passed: boolean
}

export interface CheckRoutesDeps {
  sessions: SessionManager
  provider: SandboxProvider
  lessons: readonly Lesson[]
  logger: Logger
  /** Told of every 채점 (the classroom records its members' results). */
  onGraded?: (grade: Grade) => Promise<void>
}

/** Check routes, to mount at `/api/sessions`. */
export function checkRoutes({ sessions, provider, lessons, logger, onGraded = async () => {} }: CheckRoutesDeps): Hono {
  const lessonsById = new Map(lessons.map((lesson) => [lesson.frontmatter.id, lesson]))
  return new Hono().post(
    '/:id/checks/:lessonId/:exerciseId',
    validate('param', CheckParamsSchema()),
    sessionAuth({ sessions }),
    async function runCheck(c) {
      const { lessonId, exerciseId } = c.req.valid('param')
      const lesson = lessonsById.get(lessonId)
      if (!lesson) throw new SandboxError({ code: 'lesson_not_found', status: 404, message: 'lesson.notFound' })
      if (!hasCheck(lesson, exerciseId)) throw new SandboxError({ code: 'exercise_not_found', status: 404, message: 'exercise.notFound' })

      const session = await sessions.refresh(c.var.session)
      const handle = session.handle
      if (session.state !== 'running' || !handle) {
        throw new SandboxError({ code: 'session_stopped', status: 409, message: 'session.stopped' })
      }
      const startedAt = performance.now()
      const logFields = { sessionId: session.id, lessonId, exerciseId }
      const result = await gradeExercise(
        lesson,
        exerciseId,
        { docker: provider.innerDocker(handle), exec: (argv) => provider.exec(handle, argv) },
        (conditionId, error) => logger.warn('check.condition-failed', { ...logFields, conditionId, error }),
      )
      logger.info('check.ran', {
        ...logFields,
        passed: result.passed,
        durationMs: Math.round(performance.now() - startedAt),
      })
      await onGraded({ sessionId: session.id, lessonId, exerciseId, passed: result.passed }).catch((error: unknown) =>
        logger.error('check.record-failed', { ...logFields, error }),
      )
      return c.json(result)
    },
  )
}
