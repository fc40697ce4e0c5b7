/**
 * @module The classroom API as the course's pages use it (docs/api.md, "Classroom"), for the
 * classroom benchmark: an instructor signs in, creates a class and ends it; a learner joins with
 * the class's code and opens the terminal of the session the join hands out, each step timed.
 */
import { TerminalClient } from '../../sandbox-server/src/testing/terminal-client.ts'

/** The end of the workstation's prompt (`…:~/workspace$ `). */
const PROMPT_END = '$ '
/** From the terminal socket opening; a workstation started cold on a busy machine may take long. */
const PROMPT_TIMEOUT_MS = 120_000

/** A signed-in instructor of the server at `baseUrl`. */
export interface Instructor {
  baseUrl: string
  token: string
}

/** What the benchmark needs of a created class. */
export interface CreatedClass {
  id: string
  joinCode: string
}

/** Milliseconds from sending `POST /api/classroom/join` until each step was done. */
export interface JoinTimings {
  /** The join answered 201: the member's workstation assigned and its inner engine answering. */
  joinedMs: number
  /** `POST /api/sessions/:id/tickets` answered. */
  ticketMs: number
  /** The terminal WebSocket opened. */
  openMs: number
  /** The first byte arrived on it. */
  firstByteMs: number
  /** The prompt had arrived, up to its `$ `. */
  promptMs: number
}

/** A learner who joined and has a terminal open at the prompt. */
export interface JoinedLearner {
  sessionId: string
  timings: JoinTimings
  terminal: TerminalClient
}

/**
 * POSTs `body` as JSON, with `token` as bearer when given, and answers the JSON reply.
 * @throws Error when the answer's status is not `expected`
 */
async function postJson<T>(url: string, body: unknown, expected: number, token?: string): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (response.status !== expected) throw new Error(`POST ${new URL(url).pathname} answered ${response.status}: ${await response.text()}`)
  return (await response.json()) as T
}

/** Signs in with an operator account (`INSTRUCTORS=name:password`). */
export async function signIn(baseUrl: string, name: string, password: string): Promise<Instructor> {
  const { token } = await postJson<{ token: string }>(`${baseUrl}/api/instructor/sign-in`, { name, password }, 200)
  return { baseUrl, token }
}

/** Creates a class; the server raises its warm pool's target by `capacity`. */
export async function createClass(
  { baseUrl, token }: Instructor,
  request: { name: string; lessonIds: string[]; capacity: number; durationMinutes: number },
): Promise<CreatedClass> {
  const { id, joinCode } = await postJson<CreatedClass>(`${baseUrl}/api/classes`, request, 201, token)
  return { id, joinCode }
}

/** Ends the class: the server removes every member's workstation before it answers. */
export async function endClass({ baseUrl, token }: Instructor, classId: string): Promise<void> {
  await postJson(`${baseUrl}/api/classes/${classId}/end`, undefined, 200, token)
}

/**
 * Joins as `nickname` and opens the session's terminal with a ticket, as the join page and the
 * lesson page do, until the prompt is there.
 * @throws Error naming the step that failed; a terminal already opened is closed again
 */
export async function joinAndOpenTerminal(baseUrl: string, joinCode: string, nickname: string): Promise<JoinedLearner> {
  const sentAt = performance.now()
  const since = (): number => performance.now() - sentAt
  const { session } = await postJson<{ session: { id: string; token: string } }>(
    `${baseUrl}/api/classroom/join`,
    { code: joinCode, nickname },
    201,
  )
  const joinedMs = since()
  const { ticket } = await postJson<{ ticket: string }>(`${baseUrl}/api/sessions/${session.id}/tickets`, undefined, 201, session.token)
  const ticketMs = since()
  const terminal = new TerminalClient(baseUrl, session.id, ticket)
  // Registered before this turn of the event loop ends, so no frame can come before it.
  const firstByte = new Promise<number>((resolve) => terminal.socket.once('message', () => resolve(since())))
  try {
    const refused = await terminal.upgradeStatus()
    if (refused !== undefined) throw new Error(`the terminal WebSocket was refused with ${refused}`)
    const openMs = since()
    await terminal.waitFor(PROMPT_END, { timeoutMs: PROMPT_TIMEOUT_MS })
    const promptMs = since()
    return { sessionId: session.id, terminal, timings: { joinedMs, ticketMs, openMs, firstByteMs: await firstByte, promptMs } }
  } catch (error) {
    terminal.close()
    throw error
  }
}
