/**
 * @module The classroom API (see docs/api.md): `/api/instructor` (setup, sign-in), `/api/classes`
 * (an instructor's classes, dashboard, live changes, reset, broadcast, extend, end, CSV) and
 * `/api/classroom` (joining with a code, and the member's own view, events and reset session).
 * Instructor routes take the instructor's bearer token, member routes the member's; the service
 * checks that the class or member belongs to the caller.
 */
import { Hono, type MiddlewareHandler } from 'hono'
import { streamSSE } from 'hono/streaming'
import { z } from 'zod'
import { SlugSchema } from '@docker-classroom/lessons'
import { SandboxError } from '../errors.ts'
import { rateLimit } from '../middleware/rate-limit/index.ts'
import { bearerToken } from '../middleware/session-auth/index.ts'
import { validate } from '../middleware/validate/index.ts'
import type { CreatedSession } from '../sessions/session-manager.ts'
import type { TicketBook } from '../sessions/tickets.ts'
import { resultsCsv } from './csv.ts'
import type { ClassroomService, MemberEvent } from './service.ts'
import type { ClassRecord, Member } from './store.ts'

declare module 'hono' {
  interface ContextVariableMap {
    /** The signed-in instructor of an instructor route. */
    instructor: string
    /** The member of a member route. */
    member: Member
  }
}

/** One line of text a person typed: trimmed, no control characters. */
const typedText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, 'no control characters')

export const InstructorCredentialsSchema = () => z.strictObject({ name: typedText(64), password: z.string().min(8).max(200) })
export const NewClassSchema = () =>
  z.strictObject({
    name: typedText(100),
    lessonIds: z.array(SlugSchema()).min(1).max(100),
    capacity: z.number().int().min(1).max(200),
    durationMinutes: z.number().int().min(10).max(12 * 60),
  })
export const JoinSchema = () => z.strictObject({ code: z.string().trim().regex(/^[A-Za-z0-9]{6}$/), nickname: typedText(20) })
export const BroadcastSchema = () => z.strictObject({ text: typedText(500) })
export const ExtendSchema = () => z.strictObject({ minutes: z.number().int().min(5).max(240) })
export const VisitSchema = () => z.strictObject({ lessonId: SlugSchema() })
export const ClassParamsSchema = () => z.object({ classId: z.string().regex(/^[0-9a-f]{16}$/) })
export const MemberParamsSchema = () => z.object({ classId: z.string().regex(/^[0-9a-f]{16}$/), memberId: z.string().regex(/^[0-9a-f]{16}$/) })
export const OwnMemberParamsSchema = () => z.object({ memberId: z.string().regex(/^[0-9a-f]{16}$/) })

/** How often an idle event stream sends a comment, so proxies keep it open. */
const HEARTBEAT_MS = 15_000

const iso = (epochMs: number | null) => (epochMs === null ? null : new Date(epochMs).toISOString())

export const classJson = (record: ClassRecord) => ({
  id: record.id,
  name: record.name,
  lessonIds: record.lessonIds,
  capacity: record.capacity,
  joinCode: record.joinCode,
  createdAt: iso(record.createdAt),
  endsAt: iso(record.endsAt),
  endedAt: iso(record.endedAt),
})

const sessionJson = ({ session, token }: CreatedSession) => ({
  id: session.id,
  token,
  expiresAt: new Date(session.expiresAt).toISOString(),
})

function requireToken(header: string | undefined, code: string, message: 'classroom.instructorAuth' | 'classroom.memberAuth'): string {
  const token = bearerToken(header)
  if (!token) throw new SandboxError({ code, status: 401, message })
  return token
}

const instructorAuth = (classroom: ClassroomService): MiddlewareHandler =>
  async function instructorAuth(c, next) {
    const token = requireToken(c.req.header('Authorization'), 'instructor_auth', 'classroom.instructorAuth')
    c.set('instructor', await classroom.authenticateInstructor(token))
    await next()
  }

const memberAuth = (classroom: ClassroomService): MiddlewareHandler =>
  async function memberAuth(c, next) {
    const token = requireToken(c.req.header('Authorization'), 'member_auth', 'classroom.memberAuth')
    c.set('member', await classroom.authenticateMember(c.req.param('memberId') ?? '', token))
    await next()
  }

/** `/api/instructor`: whether setup is needed, the first-run setup and sign-in. */
export function instructorRoutes({ classroom }: { classroom: ClassroomService }): Hono {
  const attempts = rateLimit({ perMinute: 10, burst: 5, message: 'session.rateLimited' })
  return new Hono()
    .get('/', async (c) => c.json({ needsSetup: await classroom.needsSetup() }))
    .post('/setup', attempts, validate('json', InstructorCredentialsSchema()), async (c) => {
      const { name, password } = c.req.valid('json')
      const { token, expiresAt } = await classroom.setUp(name, password)
      return c.json({ name, token, expiresAt: iso(expiresAt) }, 201)
    })
    .post('/sign-in', attempts, validate('json', InstructorCredentialsSchema()), async (c) => {
      const { name, password } = c.req.valid('json')
      const { token, expiresAt } = await classroom.signIn(name, password)
      return c.json({ name, token, expiresAt: iso(expiresAt) })
    })
}

/** `/api/classes`: everything an instructor does with their classes. */
export function classRoutes({ classroom, mirrorTickets }: { classroom: ClassroomService; mirrorTickets: TicketBook }): Hono {
  const classParams = validate('param', ClassParamsSchema())
  const memberParams = validate('param', MemberParamsSchema())
  return new Hono()
    .use(instructorAuth(classroom))
    .get('/', async (c) => c.json({ classes: (await classroom.listClasses(c.var.instructor)).map(classJson) }))
    .post('/', validate('json', NewClassSchema()), async (c) => {
      return c.json(classJson(await classroom.createClass(c.var.instructor, c.req.valid('json'))), 201)
    })
    .get('/:classId', classParams, async (c) => {
      const { class: record, members, exercises, results, messages } = await classroom.dashboard(c.var.instructor, c.req.valid('param').classId)
      return c.json({
        class: classJson(record),
        members: members.map((member) => ({ ...member, joinedAt: iso(member.joinedAt), lastActiveAt: iso(member.lastActiveAt) })),
        exercises,
        results: results.map((result) => ({ ...result, lastAt: iso(result.lastAt) })),
        messages: messages.map(({ id, text, at }) => ({ id, text, at: iso(at) })),
      })
    })
    .get('/:classId/events', classParams, async (c) => {
      const { classId } = c.req.valid('param')
      await classroom.classOf(c.var.instructor, classId)
      return streamSSE(c, async (stream) => {
        let pending: ReturnType<typeof setTimeout> | undefined
        // A room pressing 채점 at once is one refresh of the dashboard, not thirty.
        const unsubscribe = classroom.onClassChanged(classId, () => {
          pending ??= setTimeout(() => {
            pending = undefined
            void stream.writeSSE({ event: 'changed', data: '{}' })
          }, 250)
        })
        const heartbeat = setInterval(() => void stream.write(': heartbeat\n\n'), HEARTBEAT_MS)
        await stream.writeSSE({ event: 'changed', data: '{}' })
        await new Promise<void>((resolve) => stream.onAbort(resolve))
        clearInterval(heartbeat)
        clearTimeout(pending)
        unsubscribe()
      })
    })
    .get('/:classId/results.csv', classParams, async (c) => {
      const dashboard = await classroom.dashboard(c.var.instructor, c.req.valid('param').classId)
      const filename = `class-${dashboard.class.id}-results.csv`
      return c.body(resultsCsv(dashboard), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${filename}"`,
      })
    })
    .post('/:classId/extend', classParams, validate('json', ExtendSchema()), async (c) => {
      const record = await classroom.extend(c.var.instructor, c.req.valid('param').classId, c.req.valid('json').minutes)
      return c.json(classJson(record))
    })
    .post('/:classId/broadcast', classParams, validate('json', BroadcastSchema()), async (c) => {
      const message = await classroom.broadcast(c.var.instructor, c.req.valid('param').classId, c.req.valid('json').text)
      return c.json({ id: message.id, text: message.text, at: iso(message.at) }, 201)
    })
    .post('/:classId/end', classParams, async (c) => c.json(classJson(await classroom.end(c.var.instructor, c.req.valid('param').classId))))
    .post('/:classId/members/:memberId/tickets', memberParams, async (c) => {
      const { classId, memberId } = c.req.valid('param')
      const member = await classroom.memberOf(c.var.instructor, classId, memberId)
      const { ticket, expiresAt } = mirrorTickets.issue(member.id)
      return c.json({ ticket, expiresAt: iso(expiresAt) }, 201)
    })
    .post('/:classId/members/:memberId/reset', memberParams, async (c) => {
      const { classId, memberId } = c.req.valid('param')
      await classroom.reset(c.var.instructor, classId, memberId)
      return c.body(null, 204)
    })
}

/** `/api/classroom`: joining, and what a member's own page reads. */
export function memberRoutes({ classroom }: { classroom: ClassroomService }): Hono {
  const own = [validate('param', OwnMemberParamsSchema()), memberAuth(classroom)] as const
  // A room behind one address joins at once: far more than the per-client session rate, still bounded.
  const joins = rateLimit({ perMinute: 120, burst: 60, message: 'session.rateLimited' })
  return new Hono()
    .post('/join', joins, validate('json', JoinSchema()), async (c) => {
      const { code, nickname } = c.req.valid('json')
      const joined = await classroom.join(code, nickname)
      return c.json(
        {
          member: { id: joined.member.id, token: joined.memberToken, nickname },
          class: classJson(joined.class),
          session: sessionJson(joined.created),
        },
        201,
      )
    })
    .get('/members/:memberId', ...own, async (c) => {
      const member = c.var.member
      const record = await classroom.classOfMember(member)
      const messages = await classroom.messagesOf(member)
      return c.json({
        nickname: member.nickname,
        sessionId: member.sessionId,
        newSessionWaiting: member.sessionUnclaimed,
        class: { id: record.id, name: record.name, lessonIds: record.lessonIds, endsAt: iso(record.endsAt), endedAt: iso(record.endedAt) },
        messages: messages.map(({ id, text, at }) => ({ id, text, at: iso(at) })),
      })
    })
    .get('/members/:memberId/events', ...own, async (c) => {
      const member = c.var.member
      return streamSSE(c, async (stream) => {
        const send = (event: MemberEvent) => {
          const data =
            event.type === 'broadcast'
              ? { id: event.message.id, text: event.message.text, at: iso(event.message.at) }
              : event.type === 'extended'
                ? { endsAt: iso(event.endsAt) }
                : {}
          void stream.writeSSE({ event: event.type, data: JSON.stringify(data) })
        }
        const unsubscribe = classroom.onMemberEvent(member.id, send)
        const heartbeat = setInterval(() => void stream.write(': heartbeat\n\n'), HEARTBEAT_MS)
        await stream.write(': connected\n\n')
        await new Promise<void>((resolve) => stream.onAbort(resolve))
        clearInterval(heartbeat)
        unsubscribe()
      })
    })
    .post('/members/:memberId/visit', ...own, validate('json', VisitSchema()), async (c) => {
      await classroom.recordVisit(c.var.member, c.req.valid('json').lessonId)
      return c.body(null, 204)
    })
    .post('/members/:memberId/session', ...own, async (c) => {
      const created = await classroom.claimSession(c.var.member)
      if (!created) throw new SandboxError({ code: 'no_new_session', status: 404, message: 'classroom.noSession' })
      return c.json(sessionJson(created))
    })
}
