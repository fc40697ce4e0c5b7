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

  constructor(serverUrl: string, sessionId: string, token: string | undefined) {
    const query = token === undefined ? '' : `?token=${encodeURIComponent(token)}`
    this.socket = new WebSocket(`${serverUrl.replace(/^http/, 'ws')}/api/sessions/${sessionId}/terminal${query}`)
    this.#closed = once(this.socket, 'close').then(([code]) => code as number)
    this.socket.on('open', () => (this.#openedAt = performance.now()))
    this.socket.on('message', (data: Buffer) => {
      this.firstByteMs ??= performance.now() - this.#openedAt
      this.output = Buffer.concat([this.output, data])
      for (const waiter of this.#waiters) waiter()
    })
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
