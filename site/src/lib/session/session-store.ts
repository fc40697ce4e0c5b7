/**
 * @module The page's one session, shared by every island: the terminal connects to it, the
 * exercises check against it. Concurrent callers share one request, and a replaced session is
 * published so the terminal follows it. When the server is full or asks to slow down (429, or 503
 * with `capacity_reached` or `Retry-After`) the store waits as long as asked and tries again by
 * itself; any caller can cut the wait short.
 */
import { createStore, type Store } from '../store.ts'
import { ApiError, SessionClient, terminalUrl, type ApiMethod, type ApiRequestInit, type Session } from './session-client.ts'
import type { CheckResult } from '@docker-classroom/lessons/schema'

export type SessionState =
  | { status: 'idle' }
  /** `since` is the `Date.now()` the request started, for the elapsed-seconds display. */
  | { status: 'opening'; since: number }
  /** `renewed`: a previous session was gone and this one replaced it. */
  | { status: 'ready'; session: Session; renewed: boolean }
  | { status: 'failed'; error: ApiError }
  /** The server had no room: the next attempt starts by itself at `retryAt` (a `Date.now()` value). */
  | { status: 'waiting'; retryAt: number; error: ApiError }

export interface SessionStore {
  state: Store<SessionState>
  /** The current session, opening (or reusing) one first when needed; while waiting, tries at once. */
  ensure(): Promise<Session>
  /** Drops the current session and creates a new one; for when the server says it is gone. */
  renew(): Promise<Session>
  /**
   * Checks an exercise. When the session turns out to be gone, a new one is created and the
   * `ApiError` (with `sessionGone`) is rethrown so the caller can explain why nothing passed.
   */
  check(lessonId: string, exerciseId: string): Promise<CheckResult>
  /**
   * One of the session's own routes (`/api/sessions/<id>/<route>`), opening the session first when
   * needed; a session found gone is renewed, and the `ApiError` rethrown, as for `check`.
   */
  request(method: ApiMethod, route: string, init?: ApiRequestInit): Promise<unknown>
  /**
   * A terminal URL of `session` with a fresh ticket, on the host of the page at `pageUrl`; null when
   * the session is gone (the terminal then follows the renewed one).
   */
  terminalUrl(session: Session, pageUrl: URL): Promise<string | null>
}

function toApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'network', error instanceof Error ? error.message : String(error))
}

/** Wait before trying again when the server is full but did not say for how long. */
export const DEFAULT_RETRY_MS = 10_000

/** Whether the server refused for lack of room, which passes by itself, rather than for good. */
export function isBusy(error: ApiError): boolean {
  return error.status === 429 || (error.status === 503 && (error.code === 'capacity_reached' || error.retryAfterMs !== null))
}

export interface StoreTimers {
  setTimer: (callback: () => void, ms: number) => unknown
  clearTimer: (timer: unknown) => void
}

const browserTimers: StoreTimers = {
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
}

type Opener = () => Promise<{ session: Session; renewed: boolean }>

export function createSessionStore(client: SessionClient, now: () => number = Date.now, timers: StoreTimers = browserTimers): SessionStore {
  const state = createStore<SessionState>({ status: 'idle' })
  let pending: Promise<Session> | null = null
  /** The attempt that found the server full, to repeat as it was (a renewal stays a renewal). */
  let waiting: { open: Opener; timer: unknown } | null = null

  function stopWaiting(): Opener | null {
    if (!waiting) return null
    timers.clearTimer(waiting.timer)
    const { open } = waiting
    waiting = null
    return open
  }

  function track(open: Opener): Promise<Session> {
    state.set({ status: 'opening', since: now() })
    pending = open().then(
      ({ session, renewed }) => {
        state.set({ status: 'ready', session, renewed })
        return session
      },
      (error: unknown) => {
        const apiError = toApiError(error)
        if (isBusy(apiError)) {
          const delay = apiError.retryAfterMs ?? DEFAULT_RETRY_MS
          const timer = timers.setTimer(() => {
            waiting = null
            void track(open).catch(() => {})
          }, delay)
          waiting = { open, timer }
          state.set({ status: 'waiting', retryAt: now() + delay, error: apiError })
        } else {
          state.set({ status: 'failed', error: apiError })
        }
        throw apiError
      },
    )
    pending.then(
      () => (pending = null),
      () => (pending = null),
    )
    return pending
  }

  /** Runs `call` with the current session; when the server says it is gone, starts a new one and rethrows. */
  async function renewingWhenGone<T>(call: (session: Session) => Promise<T>): Promise<T> {
    const session = await store.ensure()
    try {
      return await call(session)
    } catch (error) {
      if (error instanceof ApiError && error.sessionGone) void store.renew().catch(() => {})
      throw error
    }
  }

  const store: SessionStore = {
    state,
    ensure() {
      const current = state.get()
      if (current.status === 'ready') return Promise.resolve(current.session)
      return pending ?? track(stopWaiting() ?? (() => client.open()))
    },
    renew() {
      client.forget()
      stopWaiting()
      return pending ?? track(async () => ({ session: await client.create(), renewed: true }))
    },
    check(lessonId, exerciseId) {
      return renewingWhenGone((session) => client.check(session, lessonId, exerciseId))
    },
    request(method, route, init) {
      return renewingWhenGone((session) => client.request(session, method, route, init))
    },
    async terminalUrl(session, pageUrl) {
      try {
        return terminalUrl(session, await client.ticket(session), pageUrl)
      } catch (error) {
        if (error instanceof ApiError && error.sessionGone) return null
        throw error
      }
    },
  }
  return store
}

let browserStore: SessionStore | null = null

/** The session store of this page, backed by `fetch` and `sessionStorage`. Browser only. */
export function getSessionStore(): SessionStore {
  browserStore ??= createSessionStore(new SessionClient({ storage: window.sessionStorage }))
  return browserStore
}
