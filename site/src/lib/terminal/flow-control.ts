/**
 * @module Keeps xterm.js's write buffer small while output floods in (`yes`, a big `cat`), following
 * the xterm.js flow-control guide: count the bytes handed to `write` and not yet confirmed by its
 * callback, and stop handing over more above a high watermark until they drain below a low one.
 *
 * The terminal WebSocket (docs/api.md) has no pause message, so the server keeps sending while we
 * wait. What arrives meanwhile waits in a backlog that is capped: past the cap the oldest output is
 * skipped (reported through `onSkip`), so Ctrl-C shows its prompt at once instead of after
 * megabytes of stale `y`s have been drawn.
 */

export interface FlowControlOptions {
  /** Hands a chunk to the terminal; `done` must be called once the terminal has processed it. */
  write: (chunk: Uint8Array, done: () => void) => void
  /** Called before output resumes after `bytes` were skipped. */
  onSkip?: (bytes: number) => void
  /** Stop writing while more than this many bytes are unconfirmed. */
  highWatermark?: number
  /** Resume writing once unconfirmed bytes fall to this many. */
  lowWatermark?: number
  /** Most bytes kept waiting; older output beyond it is skipped. */
  maxBacklog?: number
}

export class FlowControl {
  readonly #write: FlowControlOptions['write']
  readonly #onSkip: NonNullable<FlowControlOptions['onSkip']>
  readonly #high: number
  readonly #low: number
  readonly #maxBacklog: number
  readonly #backlog: Uint8Array[] = []
  #backlogBytes = 0
  #skippedBytes = 0
  #pending = 0
  #paused = false

  constructor({ write, onSkip = () => {}, highWatermark = 256 * 1024, lowWatermark = 64 * 1024, maxBacklog = 1024 * 1024 }: FlowControlOptions) {
    this.#write = write
    this.#onSkip = onSkip
    this.#high = highWatermark
    this.#low = lowWatermark
    this.#maxBacklog = maxBacklog
  }

  /** Bytes handed to the terminal and not yet confirmed. */
  get pending(): number {
    return this.#pending
  }

  /** Bytes waiting to be handed to the terminal. */
  get backlog(): number {
    return this.#backlogBytes
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return
    if (!this.#paused && this.#backlog.length === 0) {
      this.#send(chunk)
      return
    }
    this.#backlog.push(chunk)
    this.#backlogBytes += chunk.length
    while (this.#backlogBytes > this.#maxBacklog && this.#backlog.length > 1) {
      const dropped = this.#backlog.shift()!
      this.#backlogBytes -= dropped.length
      this.#skippedBytes += dropped.length
    }
  }

  /** Forgets everything waiting, e.g. when the connection is replaced. */
  reset(): void {
    this.#backlog.length = 0
    this.#backlogBytes = 0
    this.#skippedBytes = 0
  }

  #send(chunk: Uint8Array): void {
    this.#pending += chunk.length
    if (this.#pending > this.#high) this.#paused = true
    this.#write(chunk, () => {
      this.#pending -= chunk.length
      if (this.#paused && this.#pending <= this.#low) this.#drain()
    })
  }

  #drain(): void {
    this.#paused = false
    if (this.#skippedBytes > 0) {
      this.#onSkip(this.#skippedBytes)
      this.#skippedBytes = 0
    }
    while (!this.#paused && this.#backlog.length > 0) {
      const chunk = this.#backlog.shift()!
      this.#backlogBytes -= chunk.length
      this.#send(chunk)
    }
  }
}
