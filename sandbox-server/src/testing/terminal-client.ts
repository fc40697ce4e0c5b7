/**
 * @module A WebSocket client for the terminal route, for tests: sends keystrokes as binary frames
 * and waits for bytes to appear in everything received so far.
 */
import { once } from 'node:events'
import WebSocket from 'ws'

/** One terminal connection. */
export class TerminalClient {
  readonly socket: WebSocket
  /** Every byte received, in order. */
  output = Buffer.alloc(0)
  /** Milliseconds from the socket opening to the first byte, once it came. */
  firstByteMs: number | undefined
  #openedAt = 0
  #waiters = new Set<() => void>()
  /** Settles when the socket closes, even before anyone asks. */
  readonly #closed: Promise<number>
  readonly #upgraded: Promise<number | undefined>

  /**
   * Opens the terminal of `sessionId` with `ticket` (none at all when undefined), sending `origin`
   * as a browser would when given; `path` opens another terminal route (the instructor's mirror).
   */
  constructor(
    serverUrl: string,
    sessionId: string,
    ticket: string | undefined,
    { origin, path = `/api/sessions/${sessionId}/terminal` }: { origin?: string; path?: string } = {},
  ) {
    const query = ticket === undefined ? '' : `?ticket=${encodeURIComponent(ticket)}`
    this.socket = new WebSocket(`${serverUrl.replace(/^http/, 'ws')}${path}${query}`, {
      ...(origin === undefined ? {} : { origin }),
    })
    // Not events.once: that rejects on an 'error', and a refused upgrade still closes.
    this.#closed = new Promise((resolve) => this.socket.once('close', (code) => resolve(code)))
    this.#upgraded = new Promise((resolve) => {
      this.socket.once('unexpected-response', (_request, response) => {
        resolve(response.statusCode)
        // Aborting the refused handshake makes ws emit errors nobody needs to see.
        this.socket.on('error', () => {})
        response.resume()
        this.socket.terminate()
      })
      this.socket.once('open', () => resolve(undefined))
    })
    this.socket.on('open', () => (this.#openedAt = performance.now()))
    this.socket.on('message', (data: Buffer) => {
      this.firstByteMs ??= performance.now() - this.#openedAt
      this.output = Buffer.concat([this.output, data])
      for (const waiter of this.#waiters) waiter()
    })
  }

  /** The HTTP status of a refused upgrade, or undefined once the socket opens. */
  upgradeStatus(): Promise<number | undefined> {
    return this.#upgraded
  }

  /** Resolves when the socket is open. */
  async opened(): Promise<void> {
    if (this.socket.readyState !== WebSocket.OPEN) await once(this.socket, 'open')
  }

  /** The close code, once the server closes the socket. */
  closeCode(): Promise<number> {
    return this.#closed
  }

  /** Types `bytes` (UTF-8 for a string) as one binary frame. */
  send(bytes: string | Buffer): void {
    this.socket.send(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes, { binary: true })
  }

  /**
   * Resolves once `expected` appears in the output after byte `from`.
   * @returns the offset just past the match
   */
  async waitFor(expected: string | Buffer, { from = 0, timeoutMs = 5000 } = {}): Promise<number> {
    const needle = typeof expected === 'string' ? Buffer.from(expected, 'utf8') : expected
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const at = this.output.indexOf(needle, from)
        if (at < 0) return
        cleanup()
        resolve(at + needle.length)
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(new Error(`no ${JSON.stringify(needle.toString())} within ${timeoutMs} ms; got ${JSON.stringify(this.output.subarray(from).toString())}`))
      }, timeoutMs)
      const cleanup = (): void => {
        clearTimeout(timer)
        this.#waiters.delete(check)
      }
      this.#waiters.add(check)
      check()
    })
  }

  close(): void {
    this.socket.close()
  }
}

/**
 * Asks the server for a terminal ticket of the session with `token` and opens its terminal with it.
 * @returns the client and the ticket it used
 */
export async function openTerminal(
  serverUrl: string,
  sessionId: string,
  token: string,
  options: { origin?: string } = {},
): Promise<{ client: TerminalClient; ticket: string }> {
  const response = await fetch(`${serverUrl}/api/sessions/${sessionId}/tickets`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
  })
  if (response.status !== 201) throw new Error(`POST tickets answered ${response.status}`)
  const { ticket } = (await response.json()) as { ticket: string }
  return { client: new TerminalClient(serverUrl, sessionId, ticket, options), ticket }
}
