/**
 * @module A few workstations started ahead of time, so a new session skips the ~1.5 s of starting
 * one. Each is created under a fresh session id and handed out once, to the session that then takes
 * that id; it is never given twice and never reused after its session. The pool lives in memory
 * only: a stopping server removes it, and after a crash the orphan sweep does. Pooled workstations
 * count against `maxSessions`.
 */
import type { Logger } from '../logger.ts'
import type { SandboxHandle, SandboxProvider, WorkspaceFiles } from '../sandbox/provider.ts'
import { newSessionId } from './credentials.ts'

export interface WarmPoolOptions {
  provider: SandboxProvider
  /** Workstations to keep ready. */
  size: number
  /** How many more workstations capacity allows right now (sessions are counted by the caller). */
  room: () => Promise<number>
  logger: Logger
  /** Put in each workstation's lesson folder as the pool creates it, so taking one adds no time. */
  workspaceFiles?: WorkspaceFiles
  /** Told how many seconds each workstation took to start. */
  onStarted?: ((seconds: number) => void) | undefined
}

/** What `/healthz` reports about the pool. */
export interface WarmPoolStatus {
  /** Workstations ready to hand out. */
  ready: number
  /** Workstations being started. */
  starting: number
  /** How many the pool aims to keep ready. */
  target: number
}

/** Keeps `size` started workstations ready to hand out. */
export class WarmPool {
  readonly #options: WarmPoolOptions
  readonly #ready: SandboxHandle[] = []
  readonly #starting = new Set<string>()
  #refilling: Promise<void> | undefined
  #stopped = false
  /** Workstations kept ready on top of `size` for classes about to be joined (see `setBoost`). */
  #boost = 0

  constructor(options: WarmPoolOptions) {
    this.#options = options
  }

  /** Ready and starting workstations: what the pool holds against capacity. */
  get held(): number {
    return this.#ready.length + this.#starting.size
  }

  status(): WarmPoolStatus {
    return { ready: this.#ready.length, starting: this.#starting.size, target: this.#target }
  }

  get #target(): number {
    return this.#options.size + this.#boost
  }

  /**
   * Keeps `extra` more workstations ready than the pool's size (a class pre-warms for the learners
   * still to join) and starts filling; a lower value removes the ready ones beyond the new target.
   */
  setBoost(extra: number): void {
    this.#boost = Math.max(0, extra)
    // Ready workstations beyond the new target go: they hold capacity a class no longer needs.
    for (const handle of this.#ready.splice(this.#target)) void this.#remove(handle)
    this.refill()
  }

  /** Removes a pooled workstation; a failure is logged and left to the orphan sweep. */
  #remove(handle: SandboxHandle): Promise<void> {
    return this.#options.provider
      .destroy(handle)
      .catch((error: unknown) => this.#options.logger.error('pool.remove-failed', { sessionId: handle.sessionId, error }))
  }

  /** True when the sandbox of `sessionId` belongs to the pool (the orphan sweep must leave it). */
  owns(sessionId: string): boolean {
    return this.#starting.has(sessionId) || this.#ready.some((handle) => handle.sessionId === sessionId)
  }

  /** Hands out a ready workstation, removing it from the pool, or undefined when none is ready. */
  take(): SandboxHandle | undefined {
    return this.#ready.shift()
  }

  /** Starts workstations in the background until the pool is full or capacity is reached; one refill at a time. */
  refill(): void {
    this.#refilling ??= this.#fill().finally(() => (this.#refilling = undefined))
  }

  async #fill(): Promise<void> {
    while (!this.#stopped && this.held < this.#target && (await this.#options.room()) > 0) {
      const sessionId = newSessionId()
      this.#starting.add(sessionId)
      try {
        const startedAt = performance.now()
        const handle = await this.#options.provider.create(sessionId, this.#options.workspaceFiles)
        this.#options.onStarted?.((performance.now() - startedAt) / 1000)
        // Stopped, or the target fell while it started (a class ended): it is not wanted any more.
        if (this.#stopped || this.#ready.length >= this.#target) await this.#remove(handle)
        else this.#ready.push(handle)
      } catch (error) {
        // The provider removed what it made; the next refill (each reap, each take) tries again.
        this.#options.logger.error('pool.create-failed', { sessionId, error })
        return
      } finally {
        this.#starting.delete(sessionId)
      }
    }
  }

  /** Stops refilling and removes every pooled workstation. */
  async drain(): Promise<void> {
    this.#stopped = true
    await this.#refilling
    await Promise.all(this.#ready.splice(0).map((handle) => this.#remove(handle)))
  }
}
