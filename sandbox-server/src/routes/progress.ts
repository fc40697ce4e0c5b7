/**
 * @module `GET` and `PUT /api/learner/progress`: a learner's progress kept on the server, so it
 * survives a new sandbox and, with the same learner key, a new browser.
 *
 * The learner key is made by the browser (128 random bits, hex) and sent as `Authorization:
 * Bearer <key>`, never in the URL, so it stays out of logs and history. It is the learner's only
 * credential: whoever holds it reads and adds to that progress, and nobody can list learners.
 * Only its SHA-256 reaches the store. A `PUT` merges; it never removes an item. Items that are not
 * in the course served (an exercise renamed since, a made-up name) are dropped, not refused: the rest
 * of the learner's progress still syncs, and what one learner can store is bounded by the course.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { progressStepIds, type Lesson } from '@docker-classroom/lessons'
import { SandboxError } from '../errors.ts'
import { bearerToken } from '../middleware/session-auth/index.ts'
import { rateLimit } from '../middleware/rate-limit/index.ts'
import { validate } from '../middleware/validate/index.ts'
import { hashToken } from '../sessions/credentials.ts'
import type { LearnerProgressStore } from '../sessions/learner-progress-store.ts'

/** A learner key as the site makes it: 128 random bits in lowercase hex. */
export const LEARNER_KEY_PATTERN = /^[0-9a-f]{32}$/

/** Items a body may carry per kind, well above the course's size. */
export const MAX_ITEMS_PER_KIND = 500

/** A lesson id, or `<lesson id>/<exercise or quiz id>`. */
const ItemSchema = () => z.string().max(129).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)?$/)

const ItemTimesSchema = () =>
  z
    .record(ItemSchema(), z.iso.datetime({ offset: true }))
    .refine((items) => Object.keys(items).length <= MAX_ITEMS_PER_KIND, `at most ${MAX_ITEMS_PER_KIND} items`)

/** `PUT /api/learner/progress`: items to add, each with the time it first happened. */
export const ProgressBodySchema = () =>
  z.strictObject({
    passed: ItemTimesSchema().optional().describe('<lessonId>/<exerciseId or quiz id> → ISO time of the first pass'),
    visited: ItemTimesSchema().optional().describe('<lessonId> → ISO time of the first visit'),
  })

/** Both answers: everything the server holds for the learner. */
export const ProgressAnswerSchema = () =>
  z.object({
    passed: z.record(z.string(), z.iso.datetime()),
    visited: z.record(z.string(), z.iso.datetime()),
  })

/** Requests per minute one client may make, on average, and in a burst; a page load syncs once or twice. */
export const PROGRESS_REQUESTS_PER_MINUTE = 60
export const PROGRESS_REQUEST_BURST = 20

export interface ProgressRoutesDeps {
  store: LearnerProgressStore
  /** The course served: only its lessons, exercises and quizzes are kept. */
  lessons: readonly Lesson[]
  perMinute?: number
  burst?: number
}

/** What the course lets a learner record: `visited` lesson ids, `passed` exercises and quizzes. */
export function courseItems(lessons: readonly Lesson[]): Record<'passed' | 'visited', ReadonlySet<string>> {
  const passed = new Set(lessons.flatMap(({ frontmatter }) => progressStepIds(frontmatter).map((step) => `${frontmatter.id}/${step}`)))
  return { passed, visited: new Set(lessons.map(({ frontmatter }) => frontmatter.id)) }
}

/** The items of `times` that `known` holds. */
const onlyKnown = (times: Record<string, string> | undefined, known: ReadonlySet<string>): Record<string, string> =>
  Object.fromEntries(Object.entries(times ?? {}).filter(([item]) => known.has(item)))

/**
 * The store's name for the learner of `header`.
 * @throws SandboxError 401 `missing_learner_key` when there is no well-formed key
 */
function learnerHash(header: string | undefined): string {
  const key = bearerToken(header)
  if (!key || !LEARNER_KEY_PATTERN.test(key)) {
    throw new SandboxError({ code: 'missing_learner_key', status: 401, message: 'progress.keyMissing' })
  }
  return hashToken(key)
}

/** Progress routes, to mount at `/api/learner`. */
export function progressRoutes({
  store,
  lessons,
  perMinute = PROGRESS_REQUESTS_PER_MINUTE,
  burst = PROGRESS_REQUEST_BURST,
}: ProgressRoutesDeps): Hono {
  const limit = rateLimit({ perMinute, burst, message: 'progress.rateLimited' })
  const known = courseItems(lessons)
  return new Hono()
    .get('/progress', limit, async function readProgress(c) {
      return c.json(await store.get(learnerHash(c.req.header('Authorization'))))
    })
    .put('/progress', limit, validate('json', ProgressBodySchema()), async function mergeProgress(c) {
      const hash = learnerHash(c.req.header('Authorization'))
      const { passed, visited } = c.req.valid('json')
      return c.json(await store.merge(hash, { passed: onlyKnown(passed, known.passed), visited: onlyKnown(visited, known.visited) }))
    })
}
