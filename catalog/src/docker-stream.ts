/**
 * @module docker-stream
 * Reads the newline-delimited JSON progress that the engine streams back from build, import and
 * push, and turns an `error` message in it into a thrown error (the HTTP status is 200 by then).
 */

import { StringDecoder } from 'node:string_decoder'

export interface DockerStreamMessage {
  stream?: string
  status?: string
  progress?: string
  id?: string
  error?: string
  errorDetail?: { message?: string }
  aux?: { ID?: string; Digest?: string; Tag?: string; Size?: number }
}

export class DockerStreamError extends Error {
  /** The last lines of output before the error, e.g. the failing RUN step's output. */
  readonly recentOutput: readonly string[]

  constructor(message: string, recentOutput: readonly string[]) {
    const context =
      recentOutput.length > 0 ? `\n--- last output ---\n${recentOutput.join('\n')}` : ''
    super(`${message}${context}`)
    this.name = 'DockerStreamError'
    this.recentOutput = recentOutput
  }
}

const RECENT_OUTPUT_LINES = 25

/** Consumes the stream; resolves with every message, rejects on the first `error`. */
export async function followDockerStream(
  stream: NodeJS.ReadableStream,
  onMessage: (message: DockerStreamMessage) => void = () => {},
): Promise<DockerStreamMessage[]> {
  const messages: DockerStreamMessage[] = []
  const recentOutput: string[] = []
  // A chunk may end inside a multi-byte character (the course prints Korean).
  const decoder = new StringDecoder('utf8')
  let pending = ''

  const handleLine = (line: string): void => {
    if (line.trim() === '') return
    let message: DockerStreamMessage
    try {
      message = JSON.parse(line) as DockerStreamMessage
    } catch {
      message = { stream: line }
    }
    if (message.error !== undefined) {
      throw new DockerStreamError(message.errorDetail?.message ?? message.error, recentOutput)
    }
    const text = (message.stream ?? message.status ?? '').trimEnd()
    if (text !== '') {
      recentOutput.push(text)
      if (recentOutput.length > RECENT_OUTPUT_LINES) recentOutput.shift()
    }
    messages.push(message)
    onMessage(message)
  }

  for await (const chunk of stream) {
    pending += typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk))
    const lines = pending.split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines) handleLine(line)
  }
  handleLine(pending + decoder.end())
  return messages
}
