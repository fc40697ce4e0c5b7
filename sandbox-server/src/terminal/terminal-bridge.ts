/**
 * @module Joins a learner's WebSocket to a shell in their workstation. Binary frames carry raw
 * terminal bytes both ways and are never decoded here, so a UTF-8 character split across chunks
 * (Korean text, say) reaches the other side whole. Text frames from the browser are JSON control
 * messages. Flow control runs both ways: a slow browser pauses the shell's output, a busy shell
 * pauses reading the socket, so memory stays bounded when a learner runs `yes`.
 */
import type { WebSocket } from 'ws'
import { z } from 'zod'
import type { Logger } from '../logger.ts'
import type { Terminal, TerminalSize } from '../sandbox/provider.ts'

/** Close code for "the shell or the sandbox failed" (RFC 6455 internal error). */
const CLOSE_INTERNAL_ERROR = 1011
const CLOSE_NORMAL = 1000

/** A control message sent by the browser in a text frame. */
export const ControlMessageSchema = () =>
  z.strictObject({
    type: z.literal('resize'),
    cols: z.number().int().min(1).max(1000),
    rows: z.number().int().min(1).max(1000),
  })

/** Terminal size used until the browser sends its own. */
export const DEFAULT_TERMINAL_SIZE: TerminalSize = { cols: 80, rows: 24 }

export interface TerminalBridgeOptions {
  /** Opens the shell, at the given size. */
  open: (size: TerminalSize) => Promise<Terminal>
  /** Bytes buffered on the socket above which the shell's output is paused. */
  highWaterBytes: number
  logger: Logger
  /** Fields added to every log line, such as the session id. */
  logFields: Record<string, unknown>
}

/** The parsed control message in a text frame, or null for anything else. */
export function parseControlMessage(text: string): TerminalSize | null {
  try {
    const parsed = ControlMessageSchema().safeParse(JSON.parse(text))
    return parsed.success ? { cols: parsed.data.cols, rows: parsed.data.rows } : null
  } catch {
    return null
  }
}

/** One WebSocket joined to one shell. */
export class TerminalBridge {
  readonly #options: TerminalBridgeOptions
  #socket: WebSocket | undefined
  #terminal: Terminal | undefined
  /** Input and size that arrived while the shell was still opening. */
  #pendingInput: Buffer[] = []
  #size: TerminalSize = DEFAULT_TERMINAL_SIZE
  #closed = false
  #outputPaused = false

  constructor(options: TerminalBridgeOptions) {
    this.#options = options
  }

  /** Starts the shell for a socket that just opened. */
  attach(socket: WebSocket): void {
    this.#socket = socket
    // Reading waits for the shell, so nothing piles up in #pendingInput but the first frames.
    socket.pause()
    this.#options
      .open(this.#size)
      .then((terminal) => this.#connect(terminal))
      .catch((error: unknown) => {
        this.#options.logger.error('terminal.open-failed', { ...this.#options.logFields, error })
        this.#close(CLOSE_INTERNAL_ERROR, 'terminal failed')
      })
  }

  #connect(terminal: Terminal): void {
    if (this.#closed) {
      terminal.close()
      return
    }
    this.#terminal = terminal
    const { stream } = terminal
    stream.on('data', (chunk: Buffer) => this.#sendOutput(chunk))
    stream.on('end', () => this.#close(CLOSE_NORMAL, 'shell exited'))
    stream.on('error', (error: Error) => {
      this.#options.logger.warn('terminal.stream-error', { ...this.#options.logFields, error })
      this.#close(CLOSE_INTERNAL_ERROR, 'terminal failed')
    })
    for (const chunk of this.#pendingInput) this.#writeInput(chunk)
    this.#pendingInput = []
    this.#socket?.resume()
    if (this.#size !== DEFAULT_TERMINAL_SIZE) void this.#resize(this.#size)
    this.#options.logger.info('terminal.opened', this.#options.logFields)
  }

  #sendOutput(chunk: Buffer): void {
    const socket = this.#socket
    if (!socket || socket.readyState !== socket.OPEN) {
      // The socket is closing: stop reading the shell until the close event ends it.
      this.#terminal?.stream.pause()
      return
    }
    socket.send(chunk, { binary: true }, () => this.#resumeOutputIfDrained())
    if (socket.bufferedAmount > this.#options.highWaterBytes && !this.#outputPaused) {
      this.#outputPaused = true
      this.#terminal?.stream.pause()
    }
  }

  /** Runs after each frame is flushed; resumes the shell once the socket is half drained. */
  #resumeOutputIfDrained(): void {
    const socket = this.#socket
    if (!this.#outputPaused || !socket || socket.bufferedAmount > this.#options.highWaterBytes / 2) return
    this.#outputPaused = false
    this.#terminal?.stream.resume()
  }

  #writeInput(chunk: Buffer): void {
    const terminal = this.#terminal
    if (!terminal) {
      this.#pendingInput.push(chunk)
      return
    }
    if (!terminal.stream.write(chunk)) {
      this.#socket?.pause()
      terminal.stream.once('drain', () => this.#socket?.resume())
    }
  }

  async #resize(size: TerminalSize): Promise<void> {
    try {
      await this.#terminal?.resize(size)
    } catch (error) {
      this.#options.logger.warn('terminal.resize-failed', { ...this.#options.logFields, error })
    }
  }

  /** Handles one frame from the browser: bytes for the shell, or a JSON control message. */
  receive(data: unknown): void {
    if (typeof data === 'string') {
      // Anything but a valid control message is ignored: a confused client keeps its shell.
      const size = parseControlMessage(data)
      if (!size) return
      this.#size = size
      void this.#resize(size)
    } else if (data instanceof ArrayBuffer) {
      this.#writeInput(Buffer.from(data))
    } else if (data instanceof Uint8Array) {
      this.#writeInput(Buffer.from(data.buffer, data.byteOffset, data.byteLength))
    }
  }

  /** The socket closed: end the shell. */
  detach(): void {
    this.#closed = true
    this.#terminal?.close()
    this.#options.logger.info('terminal.closed', this.#options.logFields)
  }

  #close(code: number, reason: string): void {
    if (this.#closed) return
    this.#closed = true
    this.#terminal?.close()
    this.#socket?.close(code, reason)
  }
}
