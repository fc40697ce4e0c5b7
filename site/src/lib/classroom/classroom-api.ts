/**
 * @module The site's side of classroom workshops (docs/api.md "Classroom"): joining a class, the
 * member and instructor credentials kept in the browser, the API calls of the instructor's pages,
 * and a live event stream read with `fetch()` (EventSource cannot send a Bearer token).
 */
import { apiRequest, SESSION_STORAGE_KEY, type ApiMethod, type ApiRequestInit, type Session } from '../session/session-client.ts'
import { readEventStream, type StreamEvent } from '../session/engine-events.ts'

/** A learner's place in a class: kept in localStorage so a reload stays in the class. */
export interface MemberCredentials {
  id: string
  token: string
  nickname: string
  classId: string
  className: string
}

/** The signed-in instructor: kept in localStorage until the token expires. */
export interface InstructorCredentials {
  name: string
  token: string
  expiresAt: string
}

export const MEMBER_STORAGE_KEY = 'docker-classroom:member'
export const INSTRUCTOR_STORAGE_KEY = 'docker-classroom:instructor'

type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

function readJson<T>(storage: StorageLike, key: string, valid: (value: Record<string, unknown>) => boolean): T | null {
  try {
    const value: unknown = JSON.parse(storage.getItem(key) ?? 'null')
    return typeof value === 'object' && value !== null && valid(value as Record<string, unknown>) ? (value as T) : null
  } catch {
    return null
  }
}

const strings = (value: Record<string, unknown>, keys: readonly string[]) => keys.every((key) => typeof value[key] === 'string')

export function storedMember(storage: StorageLike): MemberCredentials | null {
  return readJson(storage, MEMBER_STORAGE_KEY, (value) => strings(value, ['id', 'token', 'nickname', 'classId', 'className']))
}

export function storedInstructor(storage: StorageLike, now = Date.now()): InstructorCredentials | null {
  const stored = readJson<InstructorCredentials>(storage, INSTRUCTOR_STORAGE_KEY, (value) => strings(value, ['name', 'token', 'expiresAt']))
  return stored && Date.parse(stored.expiresAt) > now ? stored : null
}

interface JoinAnswer {
  member: { id: string; token: string; nickname: string }
  class: { id: string; name: string; lessonIds: string[] }
  session: Session
}

/**
 * Joins the class with `code` as `nickname`: the member's credentials go to `local`, the session
 * they were given to `session` storage (where every lesson page's terminal finds it). Answers the
 * class's first lesson id.
 */
export async function joinClass(
  code: string,
  nickname: string,
  { local, session }: { local: StorageLike; session: StorageLike },
  fetchImpl?: typeof fetch,
): Promise<{ member: MemberCredentials; firstLessonId: string | undefined }> {
  const answer = (await apiRequest('POST', '/api/classroom/join', { body: { code, nickname }, ...(fetchImpl ? { fetch: fetchImpl } : {}) })) as JoinAnswer
  const member: MemberCredentials = {
    id: answer.member.id,
    token: answer.member.token,
    nickname: answer.member.nickname,
    classId: answer.class.id,
    className: answer.class.name,
  }
  local.setItem(MEMBER_STORAGE_KEY, JSON.stringify(member))
  session.setItem(SESSION_STORAGE_KEY, JSON.stringify(answer.session))
  return { member, firstLessonId: answer.class.lessonIds[0] }
}

/** A call of the instructor's API with their token. */
export function instructorRequest(instructor: InstructorCredentials, method: ApiMethod, path: string, init: ApiRequestInit = {}): Promise<unknown> {
  return apiRequest(method, path, { ...init, token: instructor.token })
}

/** A call of the member's own API (`/api/classroom/members/<id>/<route>`). */
export function memberRequest(
  member: MemberCredentials,
  method: ApiMethod,
  route: string,
  init: ApiRequestInit & { fetch?: typeof fetch } = {},
): Promise<unknown> {
  // '' is the member view itself: the server's routes have no trailing slash.
  const path = `/api/classroom/members/${encodeURIComponent(member.id)}${route ? `/${route}` : ''}`
  return apiRequest(method, path, { ...init, token: member.token })
}

/** Wait before reopening a stream that broke (network, server restart). */
export const STREAM_RETRY_MS = 3_000

/**
 * Calls `onEvent` for every event of the stream at `path` until the returned function is called,
 * reopening it after a break. A 401/404 ends it for good (`onGone`): the credentials no longer open it.
 */
export function followStream(
  path: string,
  token: string,
  onEvent: (event: StreamEvent) => void,
  { onGone = () => {}, retryMs = STREAM_RETRY_MS, fetch: fetchImpl = globalThis.fetch.bind(globalThis) }: { onGone?: () => void; retryMs?: number; fetch?: typeof fetch } = {},
): () => void {
  const controller = new AbortController()
  let retry: ReturnType<typeof setTimeout> | undefined

  async function read(): Promise<'again' | 'gone'> {
    const response = await fetchImpl(path, { headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` }, signal: controller.signal })
    if (response.status === 401 || response.status === 404) return 'gone'
    if (!response.ok || !response.body) return 'again'
    await readEventStream(response.body, onEvent)
    return 'again'
  }

  function connect(): void {
    read().then(
      (outcome) => {
        if (outcome === 'gone') onGone()
        else if (!controller.signal.aborted) retry = setTimeout(connect, retryMs)
      },
      () => {
        if (!controller.signal.aborted) retry = setTimeout(connect, retryMs)
      },
    )
  }

  connect()
  return () => {
    clearTimeout(retry)
    controller.abort()
  }
}
