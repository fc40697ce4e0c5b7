/**
 * @module The classroom's part of the OpenAPI document: its routes, with params and bodies from the
 * schemas the routes validate with, and the answer schemas the route tests parse real answers with.
 */
import { z } from 'zod'
import { SlugSchema } from '@docker-classroom/lessons'
import type { RouteDoc } from '../openapi.ts'
import { TicketSchema } from '../sessions/tickets.ts'
import {
  BroadcastSchema,
  ClassParamsSchema,
  ExtendSchema,
  InstructorCredentialsSchema,
  JoinSchema,
  MemberParamsSchema,
  NewClassSchema,
  OwnMemberParamsSchema,
  VisitSchema,
} from './routes.ts'

const isoTime = () => z.iso.datetime()

export const ClassSchema = () =>
  z.object({
    id: z.string(),
    name: z.string(),
    lessonIds: z.array(SlugSchema()),
    capacity: z.number().int(),
    joinCode: z.string().length(6),
    createdAt: isoTime(),
    endsAt: isoTime(),
    endedAt: isoTime().nullable(),
  })

export const InstructorTokenSchema = () => z.object({ name: z.string(), token: z.string(), expiresAt: isoTime() })

const MessageSchema = () => z.object({ id: z.number().int(), text: z.string(), at: isoTime() })

export const DashboardSchema = () =>
  z.object({
    class: ClassSchema(),
    members: z.array(
      z.object({
        id: z.string(),
        nickname: z.string(),
        joinedAt: isoTime(),
        lastActiveAt: isoTime(),
        currentLessonId: z.string().nullable(),
        sandbox: z.enum(['running', 'starting', 'stopped', 'none']),
      }),
    ),
    exercises: z.array(z.object({ lessonId: z.string(), exerciseId: z.string(), title: z.string() })),
    results: z.array(
      z.object({
        memberId: z.string(),
        lessonId: z.string(),
        exerciseId: z.string(),
        status: z.enum(['passed', 'failed']),
        attempts: z.number().int(),
        lastAt: isoTime(),
      }),
    ),
    messages: z.array(MessageSchema()),
  })

const SessionCredentialsSchema = () => z.object({ id: z.string(), token: z.string(), expiresAt: isoTime() })

export const JoinAnswerSchema = () =>
  z.object({
    member: z.object({ id: z.string(), token: z.string(), nickname: z.string() }),
    class: ClassSchema(),
    session: SessionCredentialsSchema(),
  })

export const MemberViewSchema = () =>
  z.object({
    nickname: z.string(),
    sessionId: z.string().nullable(),
    /** A reset made a session the member's page has not claimed yet (`POST …/session`). */
    newSessionWaiting: z.boolean(),
    class: z.object({ id: z.string(), name: z.string(), lessonIds: z.array(z.string()), endsAt: isoTime(), endedAt: isoTime().nullable() }),
    messages: z.array(MessageSchema()),
  })

const CLASS_ERRORS = [400, 401, 404]

export const CLASSROOM_ROUTES: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/instructor',
    summary: 'Whether the first instructor account still has to be set up.',
    answers: { 200: { description: 'setup state', schema: z.object({ needsSetup: z.boolean() }) } },
  },
  {
    method: 'post',
    path: '/api/instructor/setup',
    summary: 'Create the first instructor account (only while there is none) and sign in.',
    body: InstructorCredentialsSchema(),
    answers: { 201: { description: 'signed in', schema: InstructorTokenSchema() } },
    errors: [400, 409, 429],
  },
  {
    method: 'post',
    path: '/api/instructor/sign-in',
    summary: 'Sign an instructor in; the token lasts 12 hours.',
    body: InstructorCredentialsSchema(),
    answers: { 200: { description: 'signed in', schema: InstructorTokenSchema() } },
    errors: [400, 401, 429],
  },
  {
    method: 'get',
    path: '/api/classes',
    summary: "The signed-in instructor's classes, newest first.",
    security: 'instructor',
    answers: { 200: { description: 'classes', schema: z.object({ classes: z.array(ClassSchema()) }) } },
    errors: [401],
  },
  {
    method: 'post',
    path: '/api/classes',
    summary: 'Create a class with a join code; the warm pool grows by its capacity.',
    security: 'instructor',
    body: NewClassSchema(),
    answers: { 201: { description: 'the class', schema: ClassSchema() } },
    errors: [400, 401],
  },
  {
    method: 'get',
    path: '/api/classes/:classId',
    summary: "A class's dashboard: members, their lesson, results, sandboxes, messages.",
    security: 'instructor',
    params: ClassParamsSchema(),
    answers: { 200: { description: 'the dashboard', schema: DashboardSchema() } },
    errors: CLASS_ERRORS,
  },
  {
    method: 'get',
    path: '/api/classes/:classId/events',
    summary: 'Server-sent `changed` events whenever the dashboard changes (coalesced).',
    security: 'instructor',
    params: ClassParamsSchema(),
    answers: { 200: { description: 'event stream', mediaType: 'text/event-stream' } },
    errors: CLASS_ERRORS,
  },
  {
    method: 'get',
    path: '/api/classes/:classId/results.csv',
    summary: 'The results, one row per member and exercise (UTF-8 with BOM).',
    security: 'instructor',
    params: ClassParamsSchema(),
    answers: { 200: { description: 'CSV', mediaType: 'text/csv' } },
    errors: CLASS_ERRORS,
  },
  {
    method: 'post',
    path: '/api/classes/:classId/extend',
    summary: 'Extend a running class.',
    security: 'instructor',
    params: ClassParamsSchema(),
    body: ExtendSchema(),
    answers: { 200: { description: 'the class', schema: ClassSchema() } },
    errors: [...CLASS_ERRORS, 409],
  },
  {
    method: 'post',
    path: '/api/classes/:classId/broadcast',
    summary: 'Send a message to every member.',
    security: 'instructor',
    params: ClassParamsSchema(),
    body: BroadcastSchema(),
    answers: { 201: { description: 'the message', schema: MessageSchema() } },
    errors: [...CLASS_ERRORS, 409],
  },
  {
    method: 'post',
    path: '/api/classes/:classId/end',
    summary: "End a class: every member's sandbox is removed; results stay.",
    security: 'instructor',
    params: ClassParamsSchema(),
    answers: { 200: { description: 'the class', schema: ClassSchema() } },
    errors: [...CLASS_ERRORS, 409],
  },
  {
    method: 'post',
    path: '/api/classes/:classId/members/:memberId/tickets',
    summary: "A single-use ticket that opens the member's terminal read-only once.",
    security: 'instructor',
    params: MemberParamsSchema(),
    answers: { 201: { description: 'the ticket', schema: z.object({ ticket: TicketSchema(), expiresAt: isoTime() }) } },
    errors: CLASS_ERRORS,
  },
  {
    method: 'post',
    path: '/api/classes/:classId/members/:memberId/reset',
    summary: "Give a member a fresh sandbox; their page picks it up (POST …/members/:memberId/session).",
    security: 'instructor',
    params: MemberParamsSchema(),
    answers: { 204: { description: 'reset' } },
    errors: [...CLASS_ERRORS, 409, 503],
  },
  {
    method: 'post',
    path: '/api/classroom/join',
    summary: 'Join a running class with its code and a nickname; answers the member token and a session.',
    body: JoinSchema(),
    answers: { 201: { description: 'joined', schema: JoinAnswerSchema() } },
    errors: [400, 404, 409, 429, 503],
  },
  {
    method: 'get',
    path: '/api/classroom/members/:memberId',
    summary: "The member's class, nickname, session id and the class's messages.",
    security: 'member',
    params: OwnMemberParamsSchema(),
    answers: { 200: { description: 'the member view', schema: MemberViewSchema() } },
    errors: [400, 401],
  },
  {
    method: 'get',
    path: '/api/classroom/members/:memberId/events',
    summary: 'Server-sent `broadcast`, `reset`, `extended` and `ended` events for the member.',
    security: 'member',
    params: OwnMemberParamsSchema(),
    answers: { 200: { description: 'event stream', mediaType: 'text/event-stream' } },
    errors: [400, 401],
  },
  {
    method: 'post',
    path: '/api/classroom/members/:memberId/visit',
    summary: 'Tell the dashboard which lesson the member has open.',
    security: 'member',
    params: OwnMemberParamsSchema(),
    body: VisitSchema(),
    answers: { 204: { description: 'noted' } },
    errors: [400, 401],
  },
  {
    method: 'post',
    path: '/api/classroom/members/:memberId/session',
    summary: 'After a reset: the new session, handed out once.',
    security: 'member',
    params: OwnMemberParamsSchema(),
    answers: { 200: { description: 'the session', schema: SessionCredentialsSchema() } },
    errors: [400, 401, 404],
  },
  {
    method: 'get',
    path: '/api/classroom/mirror/:memberId',
    summary:
      "The member's terminal, read-only, as a WebSocket (binary frames: terminal bytes; only resize text frames are read). " +
      'Closed with 4401 for a bad ticket and 4404 when the member has no running sandbox.',
    security: 'mirrorTicket',
    params: OwnMemberParamsSchema(),
    query: z.object({ ticket: TicketSchema() }),
    answers: { 101: { description: 'switched to the WebSocket protocol' } },
    errors: [403],
  },
]
