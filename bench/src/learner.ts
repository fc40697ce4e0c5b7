/**
 * @module One simulated learner, driven as the site drives the server: a session from
 * `POST /api/sessions`, its terminal WebSocket (opened with a ticket), keystrokes typed one frame
 * each and the echo waited for, commands typed at the prompt, and the session deleted at the end.
 */
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import Dockerode from 'dockerode'
import { openTerminal, type TerminalClient } from '../../sandbox-server/src/testing/terminal-client.ts'

/** The end of the workstation's prompt (`…:~/workspace$ `). */
const PROMPT_END = '$ '
const PROMPT_TIMEOUT_MS = 30_000
const ECHO_TIMEOUT_MS = 5_000
const BACKSPACE = '\x7f'
/** What readline sends back for a Backspace: the cursor moves left first. */
const BACKSPACE_ECHO = '\b'

/** One key's round trip. */
export interface EchoSample {
  /** When the key was sent, on `performance.now()`'s clock. */
  sentAt: number
  /** Milliseconds until its echo arrived. */
  ms: number
}

/** The server the learners talk to. */
export interface BenchServer {
  baseUrl: string
  /** Holds one folder per session, with its inner engine's `docker.sock`. */
  socketRoot: string
}

/** How long opening a session took, from `POST /api/sessions` being sent. */
export interface OpenTimings {
  /** Until the POST answered (workstation created, inner engine ready). */
  createdMs: number
  /** Until the shell's prompt had arrived on the terminal WebSocket; NaN when no terminal was opened. */
  promptMs: number
}

interface SessionBody {
  id: string
  token: string
}

/** A learner with a session and an open terminal. */
export class Learner {
  readonly #server: BenchServer
  readonly id: string
  readonly #token: string
  #terminal: TerminalClient | undefined

  private constructor(server: BenchServer, { id, token }: SessionBody) {
    this.#server = server
    this.id = id
    this.#token = token
  }

  /**
   * Creates a session and, unless `terminal` is false, opens its terminal and waits for the prompt.
   * The session is deleted again if the terminal does not come up.
   * @throws Error when the server refuses the session or the prompt does not come
   */
  static async open(server: BenchServer, { terminal = true } = {}): Promise<{ learner: Learner; timings: OpenTimings }> {
    const sentAt = performance.now()
    const response = await fetch(`${server.baseUrl}/api/sessions`, { method: 'POST' })
    if (response.status !== 201) throw new Error(`POST /api/sessions answered ${response.status}: ${await response.text()}`)
    const learner = new Learner(server, (await response.json()) as SessionBody)
    const createdMs = performance.now() - sentAt
    if (!terminal) return { learner, timings: { createdMs, promptMs: Number.NaN } }
    try {
      const { client } = await openTerminal(server.baseUrl, learner.id, learner.#token)
      learner.#terminal = client
      await client.waitFor(PROMPT_END, { timeoutMs: PROMPT_TIMEOUT_MS })
    } catch (error) {
      await learner.close()
      throw error
    }
    return { learner, timings: { createdMs, promptMs: performance.now() - sentAt } }
  }

  /** The session's token, as `Authorization` header value. */
  get authorization(): string {
    return `Bearer ${this.#token}`
  }

  /** The session's inner engine, through the socket its workstation shares with the host. */
  innerDocker(): Dockerode {
    return new Dockerode({ socketPath: path.join(this.#server.socketRoot, this.id, 'docker.sock') })
  }

  #client(): TerminalClient {
    if (!this.#terminal) throw new Error(`session ${this.id} has no terminal open`)
    return this.#terminal
  }

  /** Types one key and waits for its echo. */
  async echo(key: string, expectedEcho: string): Promise<EchoSample> {
    const client = this.#client()
    const from = client.output.length
    const sentAt = performance.now()
    client.send(key)
    await client.waitFor(expectedEcho, { from, timeoutMs: ECHO_TIMEOUT_MS })
    return { sentAt, ms: performance.now() - sentAt }
  }

  /**
   * Types as a learner does until `untilMs` (a `performance.now()` time): a letter, a pause, Backspace,
   * a pause, … so the command line stays empty. Each key's round trip is pushed onto `samples`.
   */
  async typeUntil(untilMs: number, pauseMs: number, samples: EchoSample[]): Promise<void> {
    while (performance.now() < untilMs) {
      samples.push(await this.echo('x', 'x'))
      await sleep(pauseMs * (0.5 + Math.random()))
      samples.push(await this.echo(BACKSPACE, BACKSPACE_ECHO))
      await sleep(pauseMs * (0.5 + Math.random()))
    }
  }

  /** The end of what the terminal received, escapes and all, for error messages. */
  screenTail(): string {
    return JSON.stringify(this.#terminal?.output.subarray(-400).toString() ?? '')
  }

  /** Types `command` and Enter at the prompt. */
  typeLine(command: string): void {
    this.#client().send(`${command}\r`)
  }

  /**
   * Closes the terminal and deletes the session.
   * @throws Error when the server does not answer the DELETE with 204
   */
  async close(): Promise<void> {
    this.#terminal?.close()
    this.#terminal = undefined
    const response = await fetch(`${this.#server.baseUrl}/api/sessions/${this.id}`, {
      method: 'DELETE',
      headers: { Authorization: this.authorization },
    })
    await response.body?.cancel()
    if (response.status !== 204) throw new Error(`DELETE of session ${this.id} answered ${response.status}`)
  }
}
