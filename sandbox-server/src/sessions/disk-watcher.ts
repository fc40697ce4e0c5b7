/**
 * @module Measures every running workstation's disk against its quota (`SANDBOX_DISK_QUOTA_BYTES`,
 * see `sandbox/docker/disk-quota.ts`) every `DISK_WATCH_INTERVAL_MS`:
 * - a hard-limited inner filesystem that is full already refuses writes; the learner is told once,
 *   in the terminal and as the session's `notice` (`disk_quota_reached`), until space is freed;
 * - a total past the quota (the workstation's own files are not hard-limited, nor is anything in
 *   `watch` mode) stops the session: its sandbox is removed at once, which gives the disk back, and
 *   the session stays `stopped` with the notice `disk_quota_exceeded`.
 * Notices live in memory: after a restart the next measurement finds a full disk again.
 */
import type { Counter } from 'prom-client'
import { t, type MessageKey } from '../messages.ts'
import type { Logger } from '../logger.ts'
import type { SandboxHandle, SandboxProvider } from '../sandbox/provider.ts'
import type { SessionManager } from './session-manager.ts'
import type { Session } from './store.ts'

/** What the learner is told about their disk. */
export interface DiskNotice {
  code: 'disk_quota_reached' | 'disk_quota_exceeded'
  /** Korean. */
  message: string
}

const NOTICES: Readonly<Record<DiskNotice['code'], MessageKey>> = {
  disk_quota_reached: 'disk.quotaReached',
  disk_quota_exceeded: 'disk.quotaExceeded',
}

/**
 * Prints `$1` on every tmux pane of the workstation, so the learner reads it in their terminal and
 * finds it in the scrollback after a reconnect. The script is constant; the text is an argument.
 */
const PRINT_ON_TERMINALS = `for tty in $(tmux list-panes -a -F '#{pane_tty}' 2>/dev/null); do printf '\\r\\n\\033[1;33m[도커 교실] %s\\033[0m\\r\\n' "$1" > "$tty"; done`

export interface DiskWatcherOptions {
  sessions: Pick<SessionManager, 'running' | 'refresh' | 'find'>
  provider: SandboxProvider
  logger: Logger
  /** Counted with `action` = `refused` (a full filesystem) or `stopped` (a session over its quota). */
  quotaHits: Counter<'action'>
}

/** Watches the disks of running sessions and holds the notices it gave. */
export class DiskWatcher {
  readonly #options: DiskWatcherOptions
  readonly #notices = new Map<string, DiskNotice['code']>()
  #checking: Promise<void> | undefined

  constructor(options: DiskWatcherOptions) {
    this.#options = options
  }

  /** The notice the session's learner should see, if any. */
  noticeFor(sessionId: string): DiskNotice | undefined {
    const code = this.#notices.get(sessionId)
    return code === undefined ? undefined : { code, message: t(NOTICES[code]) }
  }

  /** Measures every running session once; a call during a measurement waits for that one. */
  check(): Promise<void> {
    this.#checking ??= this.#checkAll().finally(() => (this.#checking = undefined))
    return this.#checking
  }

  async #checkAll(): Promise<void> {
    const running = await this.#options.sessions.running()
    const runningIds = new Set(running.map((session) => session.id))
    // A notice outlives its sandbox only while the session is kept as `stopped`.
    for (const [id, code] of this.#notices) {
      if (runningIds.has(id)) continue
      if (code === 'disk_quota_reached' || !(await this.#options.sessions.find(id))) this.#notices.delete(id)
    }
    // One at a time: measuring walks the workstation's writable layer, and many at once would load the engine.
    for (const session of running) await this.#checkOne(session)
  }

  async #checkOne(session: Session & { handle: SandboxHandle }): Promise<void> {
    const { provider, logger, quotaHits, sessions } = this.#options
    let usage
    try {
      usage = await provider.diskUsage(session.handle)
    } catch (error) {
      // A workstation that stopped or is being removed has nothing to measure.
      logger.info('disk.measure-failed', { sessionId: session.id, error })
      return
    }
    const fields = { sessionId: session.id, usedBytes: usage.usedBytes, quotaBytes: usage.quotaBytes }
    if (usage.usedBytes > usage.quotaBytes) {
      this.#notices.set(session.id, 'disk_quota_exceeded')
      quotaHits.inc({ action: 'stopped' })
      logger.warn('disk.quota-exceeded', fields)
      await this.#tell(session.handle, 'disk_quota_exceeded')
      await provider.destroy(session.handle).catch((error: unknown) => logger.error('disk.stop-failed', { ...fields, error }))
      await sessions.refresh(session)
      return
    }
    if (usage.full) {
      if (this.#notices.get(session.id) === 'disk_quota_reached') return
      this.#notices.set(session.id, 'disk_quota_reached')
      quotaHits.inc({ action: 'refused' })
      logger.warn('disk.quota-reached', fields)
      await this.#tell(session.handle, 'disk_quota_reached')
      return
    }
    if (this.#notices.delete(session.id)) logger.info('disk.space-freed', fields)
  }

  async #tell(handle: SandboxHandle, code: DiskNotice['code']): Promise<void> {
    try {
      await this.#options.provider.exec(handle, ['sh', '-c', PRINT_ON_TERMINALS, 'notice', t(NOTICES[code])])
    } catch (error) {
      this.#options.logger.info('disk.tell-failed', { sessionId: handle.sessionId, error })
    }
  }

  /**
   * Measures every `intervalMs` until stopped.
   * @returns a function that stops the watcher
   */
  start(intervalMs: number): () => void {
    const timer = setInterval(() => {
      this.check().catch((error: unknown) => this.#options.logger.error('disk.watch-failed', { error }))
    }, intervalMs)
    timer.unref()
    return () => clearInterval(timer)
  }
}
