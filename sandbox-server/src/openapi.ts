/**
 * @module The OpenAPI 3.1 document of the server, served at `GET /api/openapi.json`. Params, queries
 * and bodies come from the very zod schemas the routes validate with (`z.toJSONSchema`, as input);
 * answers from the schemas below, which the route tests parse real answers with, so neither side can
 * drift unseen. `docs/api.md` stays the prose contract.
 */
import { z } from 'zod'
import { CheckResultSchema, LessonSummarySchema } from '@docker-classroom/lessons'
import { CLASSROOM_ROUTES } from './classroom/openapi.ts'
import { CheckParamsSchema } from './routes/checks.ts'
import { FilesQuerySchema, WriteFileBodySchema } from './routes/files.ts'
import { ContainersAnswerSchema, ImagesAnswerSchema } from './routes/inventory.ts'
import { SolutionParamsSchema } from './routes/lessons.ts'
import { PREVIEW_COOKIE, PreviewParamsSchema } from './routes/preview.ts'
import { ProgressAnswerSchema, ProgressBodySchema } from './routes/progress.ts'
import { SessionParamsSchema } from './routes/sessions.ts'
import { TerminalQuerySchema } from './routes/terminal.ts'
import { SessionIdSchema } from './sessions/credentials.ts'
import { TicketSchema } from './sessions/tickets.ts'

const isoTime = () => z.iso.datetime()

/** `{"error":{"code","message"}}`, the body of every error answer. */
export const ErrorBodySchema = () =>
  z.object({ error: z.object({ code: z.string().describe('stable snake_case code'), message: z.string().describe('Korean') }) })

/** `POST /api/sessions`. */
export const CreatedSessionSchema = () => z.object({ id: SessionIdSchema(), token: z.string(), expiresAt: isoTime() })

/** `GET /api/sessions/:id`. */
export const SessionInfoSchema = () =>
  z.object({
    id: SessionIdSchema(),
    state: z.enum(['starting', 'running', 'stopped']),
    expiresAt: isoTime(),
    notice: z
      .object({ code: z.enum(['disk_quota_reached', 'disk_quota_exceeded']), message: z.string().describe('Korean') })
      .optional()
      .describe('what the learner should be told about their disk'),
  })

/** `POST /api/sessions/:id/tickets`. */
export const IssuedTicketSchema = () => z.object({ ticket: TicketSchema(), expiresAt: isoTime() })

const FileEntrySchema = () =>
  z.object({ name: z.string(), kind: z.enum(['file', 'directory', 'symlink', 'other']), size: z.number(), mtime: isoTime() })

/** `GET /api/sessions/:id/files`: a folder listing or a file. */
export const FilesAnswerSchema = () =>
  z.discriminatedUnion('kind', [
    z.object({ path: z.string(), kind: z.literal('directory'), entries: z.array(FileEntrySchema()) }),
    z.object({
      path: z.string(),
      kind: z.literal('file'),
      content: z.string(),
      size: z.number(),
      mtime: isoTime(),
      version: z.string(),
    }),
  ])

/** `PUT /api/sessions/:id/files`. */
export const WrittenFileSchema = () => z.object({ path: z.string(), size: z.number(), version: z.string() })

/** `GET /api/sessions/:id/ports`. */
export const PortsSchema = () =>
  z.object({
    ports: z.array(
      z.object({
        containerId: z.string(),
        containerName: z.string(),
        privatePort: z.number().int(),
        publicPort: z.number().int(),
        protocol: z.string(),
        previewPath: z.string().optional(),
      }),
    ),
  })

/** `GET /healthz`. */
export const HealthSchema = () =>
  z.object({
    ok: z.boolean(),
    engine: z.enum(['ok', 'error']),
    registry: z.enum(['ok', 'error']),
    isolation: z.enum(['sysbox', 'privileged', 'capabilities']),
  })

/** One documented answer. */
export interface Answer {
  description: string
  /** JSON body; none for an empty or non-JSON answer. */
  schema?: z.ZodType
  /** Media type of a non-JSON body. */
  mediaType?: string
}

/** One documented route, in Hono's path syntax. */
export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'delete'
  path: string
  summary: string
  security?: 'bearer' | 'ticket' | 'preview' | 'learner' | 'instructor' | 'member' | 'mirrorTicket'
  params?: z.ZodObject
  query?: z.ZodObject
  body?: z.ZodType
  answers: Record<number, Answer>
  /** Error statuses this route may answer, each with the error body. */
  errors?: number[]
}

const SESSION_ERRORS = [400, 401, 404]
const RUNNING_SESSION_ERRORS = [...SESSION_ERRORS, 409]

const ROUTES: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/sessions',
    summary: 'Create a session and its workstation; answers once its engine answers.',
    answers: { 201: { description: 'the session and its bearer token', schema: CreatedSessionSchema() } },
    errors: [413, 429, 503],
  },
  {
    method: 'get',
    path: '/api/sessions/:id',
    summary: 'The state of a session.',
    security: 'bearer',
    params: SessionParamsSchema(),
    answers: { 200: { description: 'the session', schema: SessionInfoSchema() } },
    errors: SESSION_ERRORS,
  },
  {
    method: 'delete',
    path: '/api/sessions/:id',
    summary: 'Delete a session, its workstation and everything it made.',
    security: 'bearer',
    params: SessionParamsSchema(),
    answers: { 204: { description: 'deleted' } },
    errors: SESSION_ERRORS,
  },
  {
    method: 'post',
    path: '/api/sessions/:id/tickets',
    summary: 'A single-use, short-lived ticket that opens the terminal once.',
    security: 'bearer',
    params: SessionParamsSchema(),
    answers: { 201: { description: 'the ticket', schema: IssuedTicketSchema() } },
    errors: SESSION_ERRORS,
  },
  {
    method: 'get',
    path: '/api/sessions/:id/terminal',
    summary:
      'The shell as a WebSocket: binary frames carry terminal bytes, a text frame {"type":"resize","cols","rows"} the size. ' +
      'Closed with 4401 for a missing, wrong, expired or used ticket and 4404 for an unknown session.',
    security: 'ticket',
    params: SessionParamsSchema(),
    query: TerminalQuerySchema(),
    answers: { 101: { description: 'switched to the WebSocket protocol' } },
    errors: [403],
  },
  {
    method: 'post',
    path: '/api/sessions/:id/checks/:lessonId/:exerciseId',
    summary: "Grade an exercise against the learner's engine.",
    security: 'bearer',
    params: CheckParamsSchema(),
    answers: { 200: { description: 'the result, per condition', schema: CheckResultSchema() } },
    errors: RUNNING_SESSION_ERRORS,
  },
  {
    method: 'get',
    path: '/api/sessions/:id/files',
    summary: 'List a folder or read a UTF-8 file of the lesson folder.',
    security: 'bearer',
    params: SessionParamsSchema(),
    query: FilesQuerySchema(),
    answers: { 200: { description: 'the folder or the file (ETag: its version)', schema: FilesAnswerSchema() } },
    errors: [...RUNNING_SESSION_ERRORS, 413, 415],
  },
  {
    method: 'put',
    path: '/api/sessions/:id/files',
    summary: 'Write a whole file; If-Match: <version> refuses to overwrite a newer one.',
    security: 'bearer',
    params: SessionParamsSchema(),
    query: FilesQuerySchema(),
    body: WriteFileBodySchema(),
    answers: { 200: { description: 'written (ETag: the new version)', schema: WrittenFileSchema() } },
    errors: [...RUNNING_SESSION_ERRORS, 413, 415],
  },
  {
    method: 'get',
    path: '/api/sessions/:id/events',
    summary: "The learner's engine as server-sent events: a snapshot, then each change.",
    security: 'bearer',
    params: SessionParamsSchema(),
    answers: { 200: { description: 'event stream', mediaType: 'text/event-stream' } },
    errors: RUNNING_SESSION_ERRORS,
  },
  {
    method: 'get',
    path: '/api/sessions/:id/images',
    summary: "The learner's images, newest first, each with its build steps (oldest first) and which layers other images share.",
    security: 'bearer',
    params: SessionParamsSchema(),
    answers: { 200: { description: 'images', schema: ImagesAnswerSchema() } },
    errors: [...RUNNING_SESSION_ERRORS, 503],
  },
  {
    method: 'get',
    path: '/api/sessions/:id/containers',
    summary: "The learner's containers in every state, newest first.",
    security: 'bearer',
    params: SessionParamsSchema(),
    answers: { 200: { description: 'containers', schema: ContainersAnswerSchema() } },
    errors: [...RUNNING_SESSION_ERRORS, 503],
  },
  {
    method: 'get',
    path: '/api/sessions/:id/ports',
    summary: 'Ports the inner containers publish, with their preview paths.',
    security: 'bearer',
    params: SessionParamsSchema(),
    answers: { 200: { description: 'published ports', schema: PortsSchema() } },
    errors: RUNNING_SESSION_ERRORS,
  },
  {
    method: 'post',
    path: '/api/sessions/:id/preview-access',
    summary: 'Sets the preview cookie of the session and answers its preview path.',
    security: 'bearer',
    params: SessionParamsSchema(),
    answers: { 200: { description: 'the preview path', schema: z.object({ path: z.string() }) } },
    errors: RUNNING_SESSION_ERRORS,
  },
  {
    method: 'get',
    path: '/preview/:id/:port',
    summary: 'Redirects to the preview with a trailing slash (any method).',
    security: 'preview',
    params: PreviewParamsSchema(),
    answers: { 308: { description: 'to /preview/:id/:port/' } },
    errors: [400],
  },
  {
    method: 'get',
    path: '/preview/:id/:port/*',
    summary: "The learner's program on that published port, proxied (any method).",
    security: 'preview',
    params: PreviewParamsSchema(),
    answers: { 200: { description: "the program's answer, as it is", mediaType: '*/*' } },
    errors: [400, 401, 403, 404, 502],
  },
  {
    method: 'get',
    path: '/api/lessons',
    summary: 'The course outline.',
    answers: { 200: { description: 'lessons in order', schema: z.array(LessonSummarySchema()) } },
  },
  {
    method: 'get',
    path: '/api/lessons/:lessonId/solutions/:exerciseId',
    summary: "An exercise's solution: the commands 정답 보기 shows once the learner confirms.",
    params: SolutionParamsSchema(),
    answers: { 200: { description: 'the commands, in order', schema: z.object({ commands: z.array(z.string()) }) } },
    errors: [400, 404],
  },
  {
    method: 'get',
    path: '/api/learner/progress',
    summary: "The learner's progress kept on the server (empty for a new learner key).",
    security: 'learner',
    answers: { 200: { description: 'passed exercises and quizzes, visited lessons', schema: ProgressAnswerSchema() } },
    errors: [401, 429],
  },
  {
    method: 'put',
    path: '/api/learner/progress',
    summary: 'Add items to the progress (merged: the earliest time of an item wins, nothing is removed); answers the result.',
    security: 'learner',
    body: ProgressBodySchema(),
    answers: { 200: { description: 'the merged progress', schema: ProgressAnswerSchema() } },
    errors: [400, 401, 413, 429],
  },
  ...CLASSROOM_ROUTES,
  {
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This document.',
    answers: { 200: { description: 'OpenAPI 3.1', mediaType: 'application/json' } },
  },
  {
    method: 'get',
    path: '/healthz',
    summary: 'Whether the host engine and the catalog registry answer.',
    answers: {
      200: { description: 'healthy', schema: HealthSchema() },
      503: { description: 'a part does not answer', schema: HealthSchema() },
    },
  },
  {
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics.',
    answers: { 200: { description: 'text exposition format', mediaType: 'text/plain; version=0.0.4' } },
  },
]

/** `/api/sessions/:id` as OpenAPI writes it: `/api/sessions/{id}`; a trailing `*` stays a literal. */
export function openApiPath(honoPath: string): string {
  return honoPath.replace(/:([A-Za-z]+)/g, '{$1}')
}

type JsonSchema = Record<string, unknown>

/** The JSON Schema of what `schema` accepts (`input`) or gives (`output`), without a `$schema` of its own. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema
  return rest
}
const inputSchema = (schema: z.ZodType): JsonSchema => jsonSchema(schema, 'input')
const outputSchema = (schema: z.ZodType): JsonSchema => jsonSchema(schema, 'output')

/** OpenAPI parameters from a zod object: one per property, required as the schema says. */
function parameters(location: 'path' | 'query', schema: z.ZodObject | undefined): JsonSchema[] {
  if (!schema) return []
  const { properties = {}, required = [] } = inputSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] }
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.includes(name),
    schema: property,
  }))
}

function operation(route: RouteDoc): JsonSchema {
  const responses: Record<string, JsonSchema> = {}
  for (const [status, { description, schema, mediaType }] of Object.entries(route.answers)) {
    const content = schema
      ? { 'application/json': { schema: outputSchema(schema) } }
      : mediaType
        ? { [mediaType]: {} }
        : undefined
    responses[status] = { description, ...(content ? { content } : {}) }
  }
  for (const status of route.errors ?? []) {
    responses[String(status)] = {
      description: 'error',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    }
  }
  return {
    summary: route.summary,
    ...(route.security ? { security: [{ [route.security]: [] }] } : {}),
    parameters: [...parameters('path', route.params), ...parameters('query', route.query)],
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: inputSchema(route.body) } } } } : {}),
    responses,
  }
}

/** The whole document. */
export function openApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {}
  for (const route of ROUTES) {
    const path = (paths[openApiPath(route.path)] ??= {})
    path[route.method] = operation(route)
  }
  return {
    openapi: '3.1.0',
    info: { title: '도커 교실 sandbox server', version: '1', description: 'See docs/api.md for the prose contract.' },
    paths,
    components: {
      schemas: { Error: outputSchema(ErrorBodySchema()) },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'the session token from POST /api/sessions' },
        ticket: { type: 'apiKey', in: 'query', name: 'ticket', description: 'from POST /api/sessions/{id}/tickets' },
        preview: { type: 'apiKey', in: 'cookie', name: PREVIEW_COOKIE, description: 'set by preview-access' },
        learner: { type: 'http', scheme: 'bearer', description: "the learner key the browser made (128 random bits, hex)" },
        instructor: { type: 'http', scheme: 'bearer', description: 'the token from POST /api/instructor/sign-in or /setup' },
        member: { type: 'http', scheme: 'bearer', description: 'the member token from POST /api/classroom/join' },
        mirrorTicket: { type: 'apiKey', in: 'query', name: 'ticket', description: 'from POST /api/classes/{classId}/members/{memberId}/tickets' },
      },
    },
  }
}
