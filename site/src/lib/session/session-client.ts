/**
 * @module Client for the sandbox server's session API (docs/api.md): create a session, verify a
 * stored one, get a terminal ticket, and run an exercise check. The session (`{id, token, expiresAt}`) is kept in
 * sessionStorage so a reload reuses the same workstation. `fetch` and the storage are injected so the
 * logic is tested without a browser.
 */
import type { CheckResult } from '@docker-classroom/lessons/schema'
import { t } from '../../i18n/t.ts'

export interface Session {
  id: string
  token: string
  /** ISO-8601 time after which the server may remove the workstation. */
  expiresAt: string
}

export type SessionStorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

export interface SessionClientOptions {
  storage: SessionStorageLike
  fetch?: typeof fetch
  now?: () => number
}

/** A failed API call, with a Korean message fit to show the learner. */
export class ApiError extends Error {
  /** HTTP status; 0 when the server could not be reached or answered nonsense. */
  readonly status: number
  /** The server's stable error code, or `network` / `bad_response` / `http_<status>`. */
  readonly code: string
  /** How long the server asked to wait before trying again (`Retry-After`), if it did. */
  readonly retryAfterMs: number | null

  constructor(status: number, code: string, message: string, retryAfterMs: number | null = null) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.retryAfterMs = retryAfterMs
  }

  /**
   * The session no longer exists or its token is refused: only a new session helps. Other 404s
   * (a file or lesson that is not there) leave the session as it is.
   */
  get sessionGone(): boolean {
    return this.status === 401 || this.code === 'session_not_found'
  }
}

/** `Retry-After` (seconds or an HTTP date) as milliseconds from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null || value.trim() === '') return null
  const ms = /^\s*\d+\s*$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now
  return Number.isNaN(ms) ? null : Math.max(0, ms)
}

export const SESSION_STORAGE_KEY = 'docker-classroom:session'

export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'DELETE'

/** What a request sends besides its method and path: a JSON body, extra headers (`If-Match`). */
export interface ApiRequestInit {
  body?: unknown
  headers?: Record<string, string>
}

function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false
  const { id, token, expiresAt } = value as Record<string, unknown>
  return typeof id === 'string' && typeof token === 'string' && typeof expiresAt === 'string'
}

export class SessionClient {
  readonly #storage: SessionStorageLike
  readonly #fetch: typeof fetch
  readonly #now: () => number

  constructor({ storage, fetch: fetchImpl = globalThis.fetch.bind(globalThis), now = Date.now }: SessionClientOptions) {
    this.#storage = storage
    this.#fetch = fetchImpl
    this.#now = now
  }

  /** The stored session, unless it is missing, malformed or past its expiry. */
  stored(): Session | null {
    const session = this.#read()
    return session && !this.#expired(session) ? session : null
  }

  #read(): Session | null {
    try {
      const value: unknown = JSON.parse(this.#storage.getItem(SESSION_STORAGE_KEY) ?? 'null')
      return isSession(value) ? value : null
    } catch {
      return null
    }
  }

  #expired(session: Session): boolean {
    return Date.parse(session.expiresAt) <= this.#now()
  }

  forget(): void {
    this.#storage.removeItem(SESSION_STORAGE_KEY)
  }

  /**
   * Reuses the stored session when the server still knows it, otherwise creates one.
   * `renewed` is true when a stored session had to be replaced (gone on the server or past its
   * expiry), so the learner can be told that what they made in it is gone.
   */
  async open(): Promise<{ session: Session; renewed: boolean }> {
    const previous = this.#read()
    const stored = previous && !this.#expired(previous) ? previous : null
    if (stored) {
      try {
        await this.#request('GET', `/api/sessions/${encodeURIComponent(stored.id)}`, stored.token)
        return { session: stored, renewed: false }
      } catch (error) {
        if (!(error instanceof ApiError && error.sessionGone)) throw error
        this.forget()
        return { session: await this.create(), renewed: true }
      }
    }
    return { session: await this.create(), renewed: previous !== null }
  }

  async create(): Promise<Session> {
    const body = await this.#request('POST', '/api/sessions')
    if (!isSession(body)) throw new ApiError(0, 'bad_response', t('error.badResponse'))
    const session = { id: body.id, token: body.token, expiresAt: body.expiresAt }
    this.#storage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session))
    return session
  }

  /** A new single-use ticket that opens the session's terminal once, within seconds. */
  async ticket(session: Session): Promise<string> {
    const body = await this.#request('POST', `/api/sessions/${encodeURIComponent(session.id)}/tickets`, session.token)
    const ticket = (body as { ticket?: unknown } | undefined)?.ticket
    if (typeof ticket !== 'string') throw new ApiError(0, 'bad_response', t('error.badResponse'))
    return ticket
  }

  /** Runs one exercise's check against the session's engine. */
  async check(session: Session, lessonId: string, exerciseId: string): Promise<CheckResult> {
    const [id, lesson, exercise] = [session.id, lessonId, exerciseId].map(encodeURIComponent)
    const body = await this.#request('POST', `/api/sessions/${id}/checks/${lesson}/${exercise}`, session.token)
    // Loaded on first use: zod is only needed once a learner presses 채점, not on page load.
    const { CheckResultSchema } = await import('@docker-classroom/lessons/schema')
    const parsed = CheckResultSchema().safeParse(body)
    if (!parsed.success) throw new ApiError(0, 'bad_response', t('error.badResponse'))
    return parsed.data
  }

  /**
   * One of the session's own routes, `/api/sessions/<id>/<route>` (docs/api.md), with its Bearer
   * token: the JSON answer, or an ApiError. `body` is sent as JSON.
   */
  request(session: Session, method: ApiMethod, route: string, init: ApiRequestInit = {}): Promise<unknown> {
    return this.#request(method, `/api/sessions/${encodeURIComponent(session.id)}/${route}`, session.token, init)
  }

  #request(method: ApiMethod, path: string, token?: string, init: ApiRequestInit = {}): Promise<unknown> {
    return apiRequest(method, path, { ...init, token, fetch: this.#fetch, now: this.#now })
  }
}

/**
 * Calls the server's API: the JSON answer, or an ApiError with the server's Korean message (a
 * network failure or an answer without one gets a message of the site's own).
 */
export async function apiRequest(
  method: ApiMethod,
  path: string,
  {
    token,
    fetch: fetchImpl = globalThis.fetch.bind(globalThis),
    now = Date.now,
    ...init
  }: ApiRequestInit & { token?: string | undefined; fetch?: typeof fetch; now?: () => number } = {},
): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers }
  if (token) headers.authorization = `Bearer ${token}`
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  let response: Response
  try {
    response = await fetchImpl(path, { method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) })
  } catch {
    throw new ApiError(0, 'network', t('error.network'))
  }
  const body: unknown = await response.json().catch(() => undefined)
  if (response.ok) return body
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error
  throw new ApiError(
    response.status,
    typeof error?.code === 'string' ? error.code : `http_${response.status}`,
    typeof error?.message === 'string' ? error.message : t('error.http', { status: response.status }),
    parseRetryAfter(response.headers.get('retry-after'), now()),
  )
}

/**
 * The WebSocket URL of the session's terminal with `ticket` (never the session token), on the same
 * host as the page at `pageUrl`.
 */
export function terminalUrl(session: Session, ticket: string, pageUrl: URL): string {
  const url = new URL(`/api/sessions/${encodeURIComponent(session.id)}/terminal`, pageUrl)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  url.searchParams.set('ticket', ticket)
  return url.href
}
