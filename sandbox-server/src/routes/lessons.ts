/** @module `GET /api/lessons`: the course outline, without the lesson text. */
import { Hono } from 'hono'
import { summarize, type Lesson } from '@docker-classroom/lessons'

/** Lesson routes, to mount at `/api/lessons`. */
export function lessonRoutes({ lessons }: { lessons: readonly Lesson[] }): Hono {
  const outline = summarize(lessons)
  return new Hono().get('/', function listLessons(c) {
    return c.json(outline)
  })
}
