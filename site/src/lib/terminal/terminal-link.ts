/**
 * @module The terminal's WebSocket to the sandbox server (docs/api.md): binary frames carry UTF-8
 * terminal bytes both ways, a JSON text frame carries the window size. It sends the size on every
 * (re)connection, queues keystrokes typed while disconnected, reconnects with backoff after an
 * unexpected close, and hands output to the terminal through flow control. Every connection asks
 * for a fresh URL, since the ticket in it opens one socket only. Close codes 4401/4404 (or no URL)
 * mean the session is gone; the owner then creates a new one and opens a new link.
 */
import { FlowControl } from './flow-control.ts'

/** The part of the browser WebSocket the link uses; tests pass a fake. */
export interface SocketLike {
  binaryType: BinaryType
  readonly readyState: number
  onopen: ((event: Event) => void) | null
  onmessage: ((event: MessageEvent) => void) | null
  onclose: ((event: CloseEvent) => void) | null
  send(data: string | ArrayBufferLike | ArrayBufferView): void
  close(code?: number): void
}

export type LinkStatus = 'connecting' | 'open' | 'reconnecting' | 'gone' | 'failed'

export interface TerminalLinkOptions {
  /** A fresh socket URL for each connection, or null when the session is gone. */
  url: () => Promise<string | null>
  /** Writes output to the terminal; `done` once it is processed (xterm's write callback). */
  write: (data: Uint8Array, done: () => void) => void
  /** The terminal's current size, sent on every connection. */
  size: () => { cols: number; rows: number }
  onStatus: (status: LinkStatus) => void
  onSkip?: (bytes: number) => void
  createSocket?: (url: string) => SocketLike
  /** Reconnect attempts before giving up with `failed`. */
  maxAttempts?: number
  delayMs?: (attempt: number) => number
  setTimer?: (callback: () => void, ms: number) => unknown
  clearTimer?: (timer: unknown) => void
}

const OPEN = 1
/** Close codes from the server meaning the token or the session is no longer valid. */
const SESSION_GONE_CODES = new Set([4401, 4404])
/** Keystrokes kept while disconnected; more than a pasted command is not worth replaying. */
const MAX_QUEUED_INPUT_BYTES = 64 * 1024

/** 1 s, 2 s, 4 s, 8 s, then every 10 s. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(1000 * 2 ** attempt, 10_000)
}

export class TerminalLink {
  readonly #options: Required<Omit<TerminalLinkOptions, 'onSkip'>>
  readonly #flow: FlowControl
  readonly #encoder = new TextEncoder()
  #socket: SocketLike | null = null
  #queued: Uint8Array[] = []
  #queuedBytes = 0
  #attempt = 0
  #timer: unknown = null
  #closed = false
  /** True while the URL of the next socket is being fetched. */
  #fetchingUrl = false

  constructor(options: TerminalLinkOptions) {
    this.#options = {
      createSocket: (url) => new WebSocket(url),
      maxAttempts: 12,
      delayMs: reconnectDelayMs,
      setTimer: (callback, ms) => setTimeout(callback, ms),
      clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
      ...options,
    }
    this.#flow = new FlowControl({ write: options.write, ...(options.onSkip ? { onSkip: options.onSkip } : {}) })
  }

  /** Fetches a URL and opens a socket to it; resolves once the socket exists or the attempt failed. */
  async connect(): Promise<void> {
    this.#options.onStatus(this.#attempt === 0 ? 'connecting' : 'reconnecting')
    this.#fetchingUrl = true
    // A failed fetch (network, server busy) is retried like a dropped socket.
    const url = await this.#options.url().catch(() => undefined)
    this.#fetchingUrl = false
    if (this.#closed) return
    if (url === undefined) this.#reconnectLater()
    else if (url === null) this.#gone()
    else this.#open(url)
  }

  #open(url: string): void {
    const socket = this.#options.createSocket(url)
    socket.binaryType = 'arraybuffer'
    socket.onopen = () => {
      this.#attempt = 0
      this.#options.onStatus('open')
      this.#sendSize(socket)
      for (const chunk of this.#queued) socket.send(chunk)
      this.#queued = []
      this.#queuedBytes = 0
    }
    socket.onmessage = (event) => {
      if (event.data instanceof ArrayBuffer) this.#flow.push(new Uint8Array(event.data))
    }
    socket.onclose = (event) => {
      if (this.#closed || socket !== this.#socket) return
      this.#socket = null
      this.#flow.reset()
      if (SESSION_GONE_CODES.has(event.code)) this.#gone()
      else this.#reconnectLater()
    }
    this.#socket = socket
  }

  #gone(): void {
    this.#closed = true
    this.#options.onStatus('gone')
  }

  #reconnectLater(): void {
    if (this.#attempt >= this.#options.maxAttempts) {
      this.#options.onStatus('failed')
      return
    }
    this.#options.onStatus('reconnecting')
    this.#timer = this.#options.setTimer(() => {
      this.#timer = null
      void this.connect()
    }, this.#options.delayMs(this.#attempt++))
  }

  /** Sends keystrokes (xterm's `onData`), queueing them while the socket is not open. */
  send(data: string): void {
    const bytes = this.#encoder.encode(data)
    if (this.#socket?.readyState === OPEN) {
      this.#socket.send(bytes)
    } else if (this.#queuedBytes + bytes.length <= MAX_QUEUED_INPUT_BYTES) {
      this.#queued.push(bytes)
      this.#queuedBytes += bytes.length
    }
  }

  /** Tells the server the new size (xterm's `onResize`). */
  resize(): void {
    if (this.#socket?.readyState === OPEN) this.#sendSize(this.#socket)
  }

  /** Starts over after `failed`, e.g. from a retry button. */
  retry(): void {
    if (this.#closed || this.#socket || this.#fetchingUrl || this.#timer !== null) return
    this.#attempt = 0
    void this.connect()
  }

  /** Closes for good; no reconnect follows. */
  close(): void {
    this.#closed = true
    if (this.#timer !== null) this.#options.clearTimer(this.#timer)
    this.#socket?.close(1000)
    this.#socket = null
  }

  #sendSize(socket: SocketLike): void {
    const { cols, rows } = this.#options.size()
    socket.send(JSON.stringify({ type: 'resize', cols, rows }))
  }
}
