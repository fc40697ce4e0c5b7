/**
 * @module The life of a session: created with a sandbox, authenticated on every request, adopted
 * again after a server restart (JupyterHub-style: its stored handle is polled, a running workstation
 * is kept), reaped when it expires or sits idle, destroyed on request. It also sweeps sandboxes no
 * stored session owns (left by a crash between creating a workstation and recording it), and keeps
 * a warm pool of started workstations that new sessions take.
 */
import { SandboxError } from '../errors.ts'
import type { Logger } from '../logger.ts'
import type { SandboxHandle, SandboxProvider, WorkspaceFiles } from '../sandbox/provider.ts'
import type { Settings } from '../settings.ts'
import { hashToken, newSessionId, newToken, tokenMatches } from './credentials.ts'
import type { Session, SessionStore } from './store.ts'
import { WarmPool, type WarmPoolStatus } from './warm-pool.ts'

/** Activity is written to the store at most this often per session; idleness is measured in minutes. */
const ACTIVITY_WRITE_INTERVAL_MS = 30_000

/** When a full server suggests trying again: sessions end by deletion or expiry, seldom sooner. */
const CAPACITY_RETRY_AFTER_SECONDS = 30

export interface SessionManagerOptions {
  store: SessionStore
  provider: SandboxProvider
  settings: Pick<Settings, 'sessionTtlMs' | 'maxSessions' | 'idleTimeoutMs'>
  logger: Logger
  /** Clock, in epoch milliseconds; tests move it. */
  now?: () => number
  /** Told of every session that ends, with the reason; metrics count them. */
  onEnded?: (reason: string) => void
  /** Told how long each warm-pool workstation took to start; metrics time the refill. */
  onPoolWorkstationStarted?: (seconds: number) => void
  /**
   * Sessions one client (the key `create` is given) may hold at once, stopped ones aside. Default:
   * no limit. Kept in memory, like the rate limit: after a restart adopted sessions are not counted.
   */
  maxSessionsPerClient?: number
  /** Workstations to keep started ahead of sessions (see `warm-pool.ts`). Default 0: none. */
  poolSize?: number
  /**
   * The lessons' files (`workspaceFiles` of the course), put in every workstation's lesson folder
   * when it is created, a pooled one included; never again, so a learner's changes stay.
   */
  workspaceFiles?: WorkspaceFiles
}

/** A new session and the token only its creator ever sees. */
export interface CreatedSession {
  session: Session
  token: string
}

/** What start-up found in the store and on the engine. */
export interface AdoptionReport {
  /** Sessions whose workstation still runs: their learners carry on. */
  adopted: number
  /** Sessions whose workstation exited: kept as `stopped` until they expire. */
  stopped: number
  /** Records dropped: expired, never finished starting, or their workstation is gone. */
  dropped: number
  /** Sandboxes removed because no record owns them. */
  orphans: number
}

/** Creates, finds, authenticates, adopts and destroys sessions. */
export class SessionManager {
  readonly #store: SessionStore
  readonly #provider: SandboxProvider
  readonly #settings: SessionManagerOptions['settings']
  readonly #logger: Logger
  readonly #now: () => number
  readonly #onEnded: (reason: string) => void
  /** When each session's activity was last written, to debounce the writes. */
  readonly #activityWrittenAt = new Map<string, number>()
  readonly #pool: WarmPool
  readonly #workspaceFiles: WorkspaceFiles
  /** The admission in progress; the next waits for it (see `#admit`). */
  #admissions: Promise<unknown> = Promise.resolve()
  /** Creations under way; shutdown waits for them so none finishes after the sessions are removed. */
  readonly #creating = new Set<Promise<unknown>>()
  #stopping = false
  readonly #maxSessionsPerClient: number
  /** Session ids by the client that created them, and the reverse, for the per-client limit. */
  readonly #sessionsOfClient = new Map<string, Set<string>>()
  readonly #clientOfSession = new Map<string, string>()

  constructor({
    store,
    provider,
    settings,
    logger,
    now = Date.now,
    onEnded = () => {},
    onPoolWorkstationStarted,
    poolSize = 0,
    workspaceFiles = {},
    maxSessionsPerClient = Number.POSITIVE_INFINITY,
  }: SessionManagerOptions) {
    this.#store = store
    this.#provider = provider
    this.#settings = settings
    this.#logger = logger
    this.#now = now
    this.#onEnded = onEnded
    this.#workspaceFiles = workspaceFiles
    this.#maxSessionsPerClient = maxSessionsPerClient
    const pool: WarmPool = new WarmPool({
      provider,
      size: poolSize,
      room: async (): Promise<number> => settings.maxSessions - (await store.list()).length - pool.held,
      logger,
      workspaceFiles,
      onStarted: onPoolWorkstationStarted,
    })
    this.#pool = pool
  }

  /** Keeps `extra` workstations ready beyond the pool size, for a class whose learners are about to join. */
  setWarmBoost(extra: number): void {
    this.#pool.setBoost(extra)
  }

  /** How many sessions are stored, whatever their state. */
  async count(): Promise<number> {
    return (await this.#store.list()).length
  }

  /** Stored sessions whose workstation runs (as last seen), with their sandbox. */
  async running(): Promise<(Session & { handle: SandboxHandle })[]> {
    return (await this.#store.list()).filter(
      (session): session is Session & { handle: SandboxHandle } => session.state === 'running' && session.handle !== null,
    )
  }

  /**
   * Starts a session on a warm workstation, or on a new one; resolves once the sandbox's engine answers.
   * @param client who asks (their IP address), counted against `maxSessionsPerClient`
   * @throws SandboxError 429 `session_limit_reached` when `client` holds the most sessions it may,
   *   503 `capacity_reached` when the server is full
   */
  create(client?: string): Promise<CreatedSession> {
    if (this.#stopping) {
      return Promise.reject(
        new SandboxError({ code: 'server_stopping', status: 503, message: 'server.stopping', retryAfterSeconds: 10 }),
      )
    }
    const creating = this.#create(client)
    this.#creating.add(creating)
    void creating.then(
      () => this.#creating.delete(creating),
      () => this.#creating.delete(creating),
    )
    return creating
  }

  /** Refuses new sessions from now on and resolves once the creations under way have ended. */
  async stopCreating(): Promise<void> {
    this.#stopping = true
    await Promise.allSettled([...this.#creating])
  }

  async #create(client: string | undefined): Promise<CreatedSession> {
    const startedAt = this.#now()
    const token = newToken()
    const { session, warm } = await this.#admit(hashToken(token), startedAt, client)
    try {
      const handle = warm ?? (await this.#provider.create(session.id, this.#workspaceFiles))
      const running: Session = { ...session, state: 'running', handle }
      await this.#store.put(running)
      this.#logger.info('session.created', {
        sessionId: session.id,
        containerId: handle.containerId,
        isolation: this.#provider.isolation,
        warm: warm !== undefined,
        durationMs: this.#now() - startedAt,
      })
      return { session: running, token }
    } catch (error) {
      await this.#store.delete(session.id)
      this.#forgetClient(session.id)
      this.#logger.error('session.create-failed', { sessionId: session.id, durationMs: this.#now() - startedAt, error })
      throw error
    } finally {
      this.#pool.refill()
    }
  }

  /**
   * Takes a place (a warm workstation, or room for a new one) and stores the `starting` session, so
   * the orphan sweep sees it. One request at a time: two cannot both take the last place.
   */
  #admit(tokenHash: string, startedAt: number, client: string | undefined): Promise<{ session: Session; warm: SandboxHandle | undefined }> {
    const admitted = this.#admissions.then(async () => {
      if (client !== undefined) await this.#refuseOverClientLimit(client)
      const warm = await this.#takeWarm()
      // A warm workstation is already counted against capacity; a new one needs room beside the pool.
      if (!warm && (await this.#store.list()).length + this.#pool.held >= this.#settings.maxSessions) {
        throw new SandboxError({
          code: 'capacity_reached',
          status: 503,
          message: 'session.capacity',
          logMessage: `refused a session: ${this.#settings.maxSessions} are alive`,
          retryAfterSeconds: CAPACITY_RETRY_AFTER_SECONDS,
        })
      }
      const session: Session = {
        id: warm?.sessionId ?? newSessionId(),
        tokenHash,
        createdAt: startedAt,
        expiresAt: startedAt + this.#settings.sessionTtlMs,
        lastActiveAt: startedAt,
        state: 'starting',
        handle: null,
      }
      await this.#store.put(session)
      if (client !== undefined) this.#recordClient(client, session.id)
      return { session, warm }
    })
    this.#admissions = admitted.catch(() => undefined)
    return admitted
  }

  /** @throws SandboxError 429 when `client` already holds `maxSessionsPerClient` sessions that are not stopped */
  async #refuseOverClientLimit(client: string): Promise<void> {
    const owned = [...(this.#sessionsOfClient.get(client) ?? [])]
    const live = await Promise.all(owned.map(async (id) => (await this.#store.get(id))?.state !== 'stopped'))
    const held = live.filter(Boolean).length
    if (held < this.#maxSessionsPerClient) return
    throw new SandboxError({
      code: 'session_limit_reached',
      status: 429,
      message: 'session.perClientLimit',
      logMessage: `refused a session: ${client} holds ${held}`,
      retryAfterSeconds: CAPACITY_RETRY_AFTER_SECONDS,
    })
  }

  #recordClient(client: string, id: string): void {
    const owned = this.#sessionsOfClient.get(client) ?? new Set<string>()
    owned.add(id)
    this.#sessionsOfClient.set(client, owned)
    this.#clientOfSession.set(id, client)
  }

  #forgetClient(id: string): void {
    const client = this.#clientOfSession.get(id)
    if (client === undefined) return
    this.#clientOfSession.delete(id)
    const owned = this.#sessionsOfClient.get(client)
    owned?.delete(id)
    if (owned?.size === 0) this.#sessionsOfClient.delete(client)
  }

  /** A ready pooled workstation that still runs; one that died while waiting is removed. */
  async #takeWarm(): Promise<SandboxHandle | undefined> {
    for (let handle = this.#pool.take(); handle; handle = this.#pool.take()) {
      const exit = await this.#provider.poll(handle)
      if (!exit) return handle
      this.#logger.warn('pool.workstation-stopped', { sessionId: handle.sessionId, ...exit })
      await this.#provider.destroy(handle).catch((error: unknown) => this.#logger.error('pool.remove-failed', { error }))
    }
    return undefined
  }

  /** The warm pool's state. */
  poolStatus(): WarmPoolStatus {
    return this.#pool.status()
  }

  /** Removes the warm pool's workstations (shutdown: the pool is never kept across restarts). */
  async drainPool(): Promise<void> {
    await this.#pool.drain()
  }

  /** The live session with this id; an expired one is reaped on the spot and reads as absent. */
  async find(id: string): Promise<Session | undefined> {
    const session = await this.#store.get(id)
    if (session && session.expiresAt <= this.#now()) {
      void this.destroy(id, 'expired')
      return undefined
    }
    return session
  }

  /**
   * The session `id` if `token` is its token.
   * @throws SandboxError 404 when no live session has this id, 401 when the token is not its token
   */
  async authenticate(id: string, token: string): Promise<Session> {
    const session = await this.find(id)
    if (!session) {
      throw new SandboxError({ code: 'session_not_found', status: 404, message: 'session.notFound' })
    }
    if (!tokenMatches(token, session.tokenHash)) {
      throw new SandboxError({
        code: 'invalid_token',
        status: 401,
        message: 'auth.invalid',
        logMessage: `wrong token for session ${id}`,
      })
    }
    return session
  }

  /** The session with its state brought up to date: a running session whose workstation exited becomes `stopped`. */
  async refresh(session: Session): Promise<Session> {
    if (session.state !== 'running' || !session.handle) return session
    const exit = await this.#provider.poll(session.handle)
    if (!exit) return session
    const stopped: Session = { ...session, state: 'stopped' }
    await this.#store.put(stopped)
    this.#logger.warn('session.sandbox-stopped', { sessionId: session.id, ...exit })
    return stopped
  }

  /**
   * Gives the live session `id` a new token, so the old one stops working; undefined when there is no
   * such session. A classroom reset hands a learner's page the session made for them this way, even
   * after a server restart (only token hashes are stored).
   */
  async reissueToken(id: string): Promise<CreatedSession | undefined> {
    const session = await this.find(id)
    if (!session) return undefined
    const token = newToken()
    const reissued: Session = { ...session, tokenHash: hashToken(token) }
    await this.#store.put(reissued)
    return { session: reissued, token }
  }

  /** Records that the learner did something; writes at most once per interval per session. */
  async touch(id: string): Promise<void> {
    const now = this.#now()
    if (now - (this.#activityWrittenAt.get(id) ?? -Infinity) < ACTIVITY_WRITE_INTERVAL_MS) return
    this.#activityWrittenAt.set(id, now)
    const session = await this.#store.get(id)
    if (session) await this.#store.put({ ...session, lastActiveAt: now })
  }

  /** Forgets the session and removes its sandbox. Never throws: a failed removal is logged and left to the sweep. */
  async destroy(id: string, reason: string): Promise<void> {
    const session = await this.#store.get(id)
    if (!session) return
    await this.#store.delete(id)
    this.#activityWrittenAt.delete(id)
    this.#forgetClient(id)
    this.#onEnded(reason)
    const startedAt = this.#now()
    try {
      if (session.handle) await this.#provider.destroy(session.handle)
      this.#logger.info('session.destroyed', {
        sessionId: id,
        reason,
        lifetimeMs: startedAt - session.createdAt,
        durationMs: this.#now() - startedAt,
      })
    } catch (error) {
      this.#logger.error('session.destroy-failed', { sessionId: id, reason, error })
    }
  }

  /** Destroys every expired session; returns how many. */
  async reapExpired(): Promise<number> {
    const expired = (await this.#store.list()).filter((session) => session.expiresAt <= this.#now())
    await Promise.all(expired.map((session) => this.destroy(session.id, 'expired')))
    return expired.length
  }

  /**
   * Destroys sessions idle for `idleTimeoutMs`: no terminal input, and no container running in
   * their inner engine (a learner may leave a long build or a server running and come back).
   * @returns how many were destroyed
   */
  async reapIdle(): Promise<number> {
    const idleSince = this.#now() - this.#settings.idleTimeoutMs
    const quiet = (await this.#store.list()).filter((session) => session.lastActiveAt <= idleSince)
    const reaped = await Promise.all(
      quiet.map(async (session) => {
        if (session.state === 'running' && session.handle && (await this.#innerContainersRun(session.id, session.handle))) {
          await this.touch(session.id)
          return false
        }
        await this.destroy(session.id, 'idle')
        return true
      }),
    )
    return reaped.filter(Boolean).length
  }

  async #innerContainersRun(sessionId: string, handle: SandboxHandle): Promise<boolean> {
    try {
      const running = await this.#provider.innerDocker(handle).listContainers({ filters: { status: ['running'] } })
      return running.length > 0
    } catch (error) {
      // An inner engine that does not answer runs nothing the learner could come back to.
      this.#logger.info('session.idle-probe-failed', { sessionId, error })
      return false
    }
  }

  /** Removes sandboxes that no stored session owns; returns how many. */
  async sweepOrphans(): Promise<number> {
    const managed = await this.#provider.listManaged()
    const owned = new Set((await this.#store.list()).map((session) => session.id))
    const orphans = managed.filter((handle) => !owned.has(handle.sessionId) && !this.#pool.owns(handle.sessionId))
    await Promise.all(
      orphans.map(async (handle) => {
        try {
          await this.#provider.destroy(handle)
          this.#logger.info('sandbox.orphan-removed', { sessionId: handle.sessionId })
        } catch (error) {
          this.#logger.error('sandbox.orphan-remove-failed', { sessionId: handle.sessionId, error })
        }
      }),
    )
    return orphans.length
  }

  /**
   * Start-up after a restart: polls the workstation of every stored session, keeps the running ones
   * (their learners keep their containers and shells), marks exited ones `stopped`, drops records
   * that expired, never finished starting or whose workstation is gone, then sweeps orphans.
   */
  async adopt(): Promise<AdoptionReport> {
    const report: AdoptionReport = { adopted: 0, stopped: 0, dropped: 0, orphans: 0 }
    for (const session of await this.#store.list()) {
      const outcome = await this.#adoptOne(session)
      report[outcome] += 1
    }
    report.orphans = await this.sweepOrphans()
    this.#logger.info('sessions.adopted', { ...report })
    this.#pool.refill()
    return report
  }

  async #adoptOne(session: Session): Promise<'adopted' | 'stopped' | 'dropped'> {
    if (session.expiresAt <= this.#now()) {
      await this.destroy(session.id, 'expired')
      return 'dropped'
    }
    if (!session.handle) {
      // The server died while this workstation was starting; the sweep removes what it left.
      await this.destroy(session.id, 'interrupted')
      return 'dropped'
    }
    const exit = await this.#provider.poll(session.handle)
    if (!exit) {
      if (session.state !== 'running') await this.#store.put({ ...session, state: 'running' })
      return 'adopted'
    }
    if (exit.reason === 'gone') {
      await this.destroy(session.id, 'gone')
      return 'dropped'
    }
    await this.#store.put({ ...session, state: 'stopped' })
    return 'stopped'
  }

  /** Destroys every session (a shutdown that cleans up after itself). */
  async destroyAll(reason: string): Promise<void> {
    await Promise.all((await this.#store.list()).map((session) => this.destroy(session.id, reason)))
  }

  /**
   * Reaps expired and idle sessions and sweeps orphans every `intervalMs`.
   * @returns a function that stops the reaper
   */
  startReaper(intervalMs: number): () => void {
    const reap = async (): Promise<void> => {
      try {
        await this.reapExpired()
        await this.reapIdle()
        await this.sweepOrphans()
        this.#pool.refill()
      } catch (error) {
        this.#logger.error('reaper.failed', { error })
      }
    }
    const timer = setInterval(() => void reap(), intervalMs)
    timer.unref()
    return () => clearInterval(timer)
  }
}
