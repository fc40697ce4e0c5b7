/**
 * @module Reads a Server-Sent Events answer in tests: events as they arrive (comments kept apart),
 * and waiting for the first event that matches.
 */

/** One event of the stream. */
export interface SseEvent {
  event: string
  data: string
}

/** Reads the events of `response`'s body. */
export class SseReader {
  readonly events: SseEvent[] = []
  /** Comment lines (`: …`), e.g. heartbeats. */
  readonly comments: string[] = []
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>
  #waiters: (() => void)[] = []

  constructor(response: Response) {
    if (!response.body) throw new Error('the answer has no body')
    this.#reader = response.body.getReader()
    this.ended = this.#read()
  }

  async #read(): Promise<void> {
    const decoder = new TextDecoder()
    let pending = ''
    for (;;) {
      const { done, value } = await this.#reader.read().catch(() => ({ done: true, value: undefined }))
      if (done) break
      pending += decoder.decode(value, { stream: true })
      const blocks = pending.split('\n\n')
      pending = blocks.pop() ?? ''
      for (const block of blocks) this.#parse(block)
      for (const wake of this.#waiters.splice(0)) wake()
    }
    for (const wake of this.#waiters.splice(0)) wake()
  }

  #parse(block: string): void {
    const event: SseEvent = { event: 'message', data: '' }
    const data: string[] = []
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim())
      else if (line.startsWith('event: ')) event.event = line.slice('event: '.length)
      else if (line.startsWith('data: ')) data.push(line.slice('data: '.length))
    }
    if (data.length > 0) this.events.push({ ...event, data: data.join('\n') })
  }

  /** The first event (seen or to come) for which `matches` holds; rejects if the stream ends first. */
  async waitFor(matches: (event: SseEvent) => boolean): Promise<SseEvent> {
    let ended = false
    void this.ended.then(() => (ended = true))
    for (;;) {
      const found = this.events.find(matches)
      if (found) return found
      if (ended) throw new Error(`the stream ended without the event; saw ${JSON.stringify(this.events)}`)
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve)
        void this.ended.then(() => resolve())
      })
    }
  }

  /** Leaves the stream, as a browser tab that closes. */
  async cancel(): Promise<void> {
    await this.#reader.cancel()
  }
}
