/**
 * @module `GET /api/lessons`: the course outline, without the lesson text; and
 * `GET /api/lessons/:lessonId/solutions/:exerciseId`: an exercise's solution, the commands the
 * site's 정답 보기 shows once the learner confirms (kept off the page until then).
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { SlugSchema, summarize, type Lesson } from '@docker-classroom/lessons'
import { SandboxError } from '../errors.ts'
import { validate } from '../middleware/validate/index.ts'

export const SolutionParamsSchema = () => z.object({ lessonId: SlugSchema(), exerciseId: SlugSchema() })

/** Lesson routes, to mount at `/api/lessons`. */
export function lessonRoutes({ lessons }: { lessons: readonly Lesson[] }): Hono {
  const outline = summarize(lessons)
  const byId = new Map(lessons.map((lesson) => [lesson.frontmatter.id, lesson]))
  return new Hono()
    .get('/', function listLessons(c) {
      return c.json(outline)
    })
    .get('/:lessonId/solutions/:exerciseId', validate('param', SolutionParamsSchema()), function solution(c) {
      const { lessonId, exerciseId } = c.req.valid('param')
      const lesson = byId.get(lessonId)
      if (!lesson) throw new SandboxError({ code: 'lesson_not_found', status: 404, message: 'lesson.notFound' })
      const commands = lesson.solutions[exerciseId]
      if (!commands) throw new SandboxError({ code: 'exercise_not_found', status: 404, message: 'exercise.notFound' })
      return c.json({ commands })
    })
}
