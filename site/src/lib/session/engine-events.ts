/**
 * @module The learner's inner engine as a stream of events (`GET /api/sessions/:id/events`,
 * docs/api.md "Engine events"): a `snapshot` first, then one `container` or `image` event per engine
 * event, `end` when the engine goes away. `EventSource` cannot send the Bearer token, so the stream
 * is read with `fetch()` and parsed here. `followEngineEvents` keeps one stream open to whatever
 * session the page has: it reconnects after a break and moves to a replaced session by itself.
 */
import type { Session } from './session-client.ts'
import type { SessionState, SessionStore } from './session-store.ts'

/** One Server-Sent Event: its name and its data, parsed as JSON (undefined when it is not JSON). */
export interface StreamEvent {
  event: string
  data: unknown
}

/**
 * Turns the text of an event stream, in chunks cut anywhere, into events. Comment lines
 * (`: heartbeat`) and `id`/`retry` fields are skipped.
 */
export class EventStreamParser {
  #buffer = ''
  #event = ''
  #data: string[] = []

  push(chunk: string): StreamEvent[] {
    this.#buffer += chunk
    const events: StreamEvent[] = []
    let newline: number
    while ((newline = this.#buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.#buffer.slice(0, newline)
      const breakLength = this.#buffer.startsWith('\r\n', newline) ? 2 : 1
      // A lone '\r' at the end of a chunk may be the first half of '\r\n': wait for the next chunk.
      if (this.#buffer[newline] === '\r' && newline + 1 === this.#buffer.length) break
      this.#buffer = this.#buffer.slice(newline + breakLength)
      if (line === '') {
        if (this.#data.length > 0) events.push({ event: this.#event || 'message', data: parseJson(this.#data.join('\n')) })
        this.#event = ''
        this.#data = []
        continue
      }
      if (line.startsWith(':')) continue
      const colon = line.indexOf(':')
      const field = colon < 0 ? line : line.slice(0, colon)
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '')
      if (field === 'event') this.#event = value
      else if (field === 'data') this.#data.push(value)
    }
    return events
  }
}

/**
 * Reads an event stream's `body` to its end, calling `onEvent` with each event; an `onEvent` that
 * answers true stops reading there. Says whether the stream `ended` or was `stopped`.
 */
export async function readEventStream(
  body: NonNullable<Response['body']>,
  onEvent: (event: StreamEvent) => boolean | void,
): Promise<'ended' | 'stopped'> {
  const parser = new EventStreamParser()
  const reader = body.pipeThrough(new TextDecoderStream()).getReader()
  for (;;) {
    const { value, done } = await reader.read()
    if (done) return 'ended'
    for (const event of parser.push(value)) {
      if (onEvent(event) === true) {
        await reader.cancel()
        return 'stopped'
      }
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

export interface FollowOptions {
  fetch?: typeof fetch
  /** Wait before reconnecting a broken stream. */
  retryMs?: number
}

/** Wait before reconnecting a stream that broke (network, server restart). */
export const EVENTS_RETRY_MS = 3_000

/**
 * Calls `onEvent` with every event of the engine of `store`'s session until the returned function
 * is called. Opens the session if the page has none yet. A broken stream is reopened after
 * `retryMs` (the new `snapshot` tells what was missed); a session the server no longer knows is
 * not retried: the stream moves on when the store has a new session.
 */
export function followEngineEvents(
  store: Pick<SessionStore, 'state' | 'ensure'>,
  onEvent: (event: StreamEvent) => void,
  { fetch: fetchImpl = globalThis.fetch.bind(globalThis), retryMs = EVENTS_RETRY_MS }: FollowOptions = {},
): () => void {
  let following: Session | null = null
  let connection: AbortController | null = null
  let retry: ReturnType<typeof setTimeout> | undefined

  async function read(session: Session, signal: AbortSignal): Promise<'again' | 'done'> {
    const response = await fetchImpl(`/api/sessions/${encodeURIComponent(session.id)}/events`, {
      headers: { accept: 'text/event-stream', authorization: `Bearer ${session.token}` },
      signal,
    })
    // 401/404: this session is gone for good; 409: its workstation is stopped. Neither passes by waiting.
    if (response.status === 401 || response.status === 404 || response.status === 409) return 'done'
    if (!response.ok || !response.body) return 'again'
    const ended = await readEventStream(response.body, (event) => {
      onEvent(event)
      return event.event === 'end'
    })
    return ended === 'stopped' ? 'done' : 'again'
  }

  function connect(session: Session): void {
    clearTimeout(retry)
    connection?.abort()
    const controller = new AbortController()
    connection = controller
    following = session
    read(session, controller.signal).then(
      (outcome) => outcome === 'again' && !controller.signal.aborted && scheduleRetry(session, controller),
      () => !controller.signal.aborted && scheduleRetry(session, controller),
    )
  }

  function scheduleRetry(session: Session, controller: AbortController): void {
    retry = setTimeout(() => connection === controller && connect(session), retryMs)
  }

  function follow(state: SessionState): void {
    if (state.status === 'ready' && state.session.id !== following?.id) connect(state.session)
  }

  const unsubscribe = store.state.subscribe(() => follow(store.state.get()))
  follow(store.state.get())
  void store.ensure().catch(() => {})
  return () => {
    unsubscribe()
    clearTimeout(retry)
    connection?.abort()
    connection = null
  }
}
