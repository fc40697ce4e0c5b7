/**
 * @module The real sandbox provider: one workstation container per session on the host engine,
 * each running its own inner `dockerd` that the host reaches through a socket in a per-session
 * directory. Every dockerode call of the server goes through this folder. Containers are found by
 * their deterministic name (and stored id); labels are only for sweeping orphans.
 */
import { mkdir, readdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import Dockerode from 'dockerode'
import {
  LABEL_ROLE,
  LABEL_SESSION,
  REGISTRY_MIRROR_URL,
  SANDBOX_NETWORK,
  WORKSTATION_IMAGE,
} from '@docker-classroom/catalog'
import { SandboxError } from '../../errors.ts'
import { SESSION_ID_PATTERN } from '../../sessions/credentials.ts'
import type { Logger } from '../../logger.ts'
import type { IsolationMode, Settings } from '../../settings.ts'
import type {
  DiskUsage,
  EngineEvent,
  EngineSnapshot,
  ExecResult,
  ExitSummary,
  PublishedPort,
  SandboxHandle,
  SandboxProvider,
  Terminal,
  TerminalOptions,
  TerminalSize,
  WorkspaceDirectory,
  WorkspaceFile,
  WorkspaceFiles,
} from '../provider.ts'
import type { DiskQuota } from './disk-quota.ts'
import { ignoringStatus } from './engine-errors.ts'
import { engineEvents, engineSnapshot, publishedPorts } from './inner-engine.ts'
import { isolationHostConfig } from './isolation.ts'
import { readWorkspace, seedWorkspace, writeWorkspaceFile } from './workspace-archive.ts'
import { createWorkstationNetwork, removeWorkstationNetwork, workstationNetworkName } from './workstation-network.ts'

const NAME_PREFIX = 'docker-classroom-ws-'
/** LABEL_ROLE of a workstation and of everything made for it (volume, network). */
export const WORKSTATION_ROLE = 'workstation'
/**
 * Which server's sandbox this is, by its socket root: servers sharing an engine (a test run next to
 * a dev server) must sweep only their own orphans. One socket root is one deployment.
 */
export const LABEL_SOCKET_ROOT = 'org.docker-classroom.socket-root'
/** Largest stdout or stderr a check's exec keeps; the rest is dropped, not buffered. */
const EXEC_OUTPUT_LIMIT_BYTES = 1024 * 1024
const READY_POLL_INTERVAL_MS = 50
/** tmux's prefix (C-], see the workstation's tmux.conf) then `d`: detach this client. */
const TMUX_DETACH_KEYS = Buffer.from('\x1dd')
/** How long a closing terminal's connection stays open for the tmux client to detach. */
const TERMINAL_DETACH_GRACE_MS = 2000

export type DockerProviderSettings = Pick<
  Settings,
  | 'socketRoot'
  | 'readyTimeoutMs'
  | 'execTimeoutMs'
  | 'memoryBytes'
  | 'pidsLimit'
  | 'nanoCpus'
  | 'logMaxSize'
  | 'sandboxEgress'
  | 'sandboxSubnetPool'
>

export interface DockerProviderOptions {
  /** Client of the host engine. */
  docker: Dockerode
  isolation: IsolationMode
  settings: DockerProviderSettings
  logger: Logger
  /** Bounds each workstation's disk; see `disk-quota.ts`. */
  diskQuota: DiskQuota
}

/** Starts learners' workstations on the host engine. */
export class DockerProvider implements SandboxProvider {
  readonly isolation: IsolationMode
  readonly #docker: Dockerode
  readonly #settings: DockerProviderSettings
  readonly #logger: Logger
  readonly #diskQuota: DiskQuota

  constructor({ docker, isolation, settings, logger, diskQuota }: DockerProviderOptions) {
    this.#docker = docker
    this.isolation = isolation
    this.#settings = settings
    this.#logger = logger
    this.#diskQuota = diskQuota
  }

  async ping(): Promise<void> {
    await this.#docker.ping()
  }

  /** The handle a session's resources have, before (or without) knowing the container id. */
  handleFor(sessionId: string, containerId = ''): SandboxHandle {
    return {
      sessionId,
      containerId,
      containerName: `${NAME_PREFIX}${sessionId}`,
      volumeName: `${NAME_PREFIX}${sessionId}-docker`,
      socketDir: path.join(this.#settings.socketRoot, sessionId),
    }
  }

  async create(sessionId: string, files: WorkspaceFiles = {}): Promise<SandboxHandle> {
    const handle = this.handleFor(sessionId)
    try {
      const labels = {
        [LABEL_ROLE]: WORKSTATION_ROLE,
        [LABEL_SESSION]: sessionId,
        [LABEL_SOCKET_ROOT]: this.#settings.socketRoot,
      }
      await mkdir(handle.socketDir, { recursive: true, mode: 0o700 })
      if (this.#diskQuota.mode === 'watch') await this.#docker.createVolume({ Name: handle.volumeName, Labels: labels })
      const innerStorage = await this.#diskQuota.prepare(sessionId, handle.volumeName)
      const network = await createWorkstationNetwork(this.#docker, sessionId, { labels, settings: this.#settings, logger: this.#logger })
      const container = await this.#docker.createContainer({
        name: handle.containerName,
        Image: WORKSTATION_IMAGE,
        Hostname: 'docker-classroom',
        Env: [`REGISTRY_MIRROR=${REGISTRY_MIRROR_URL}`, 'LANG=C.UTF-8'],
        Labels: labels,
        HostConfig: {
          ...isolationHostConfig(this.isolation),
          ...network,
          Binds: [`${handle.socketDir}:/run/dind`, ...(innerStorage.Binds ?? [])],
          Mounts: innerStorage.Mounts ?? [],
          Memory: this.#settings.memoryBytes,
          MemorySwap: this.#settings.memoryBytes,
          PidsLimit: this.#settings.pidsLimit,
          NanoCpus: this.#settings.nanoCpus,
          LogConfig: { Type: 'json-file', Config: { 'max-size': this.#settings.logMaxSize, 'max-file': '1' } },
        },
      })
      const started = { ...handle, containerId: container.id }
      await container.start()
      // The lesson files go in while the inner engine starts, which hides their ~100 ms; no one
      // uses the workstation before `create` returns.
      await Promise.all([seedWorkspace(container, files), this.#waitForInnerEngine(started)])
      return started
    } catch (error) {
      await this.destroy(handle).catch((cleanupError: unknown) =>
        this.#logger.error('sandbox.cleanup-failed', { sessionId, error: cleanupError }),
      )
      if (error instanceof SandboxError) throw error
      throw new SandboxError({
        code: 'sandbox_start_failed',
        status: 503,
        message: 'sandbox.startFailed',
        logMessage: `workstation for ${sessionId} did not start`,
        cause: error,
      })
    }
  }

  /** Pings the inner engine until it answers; fails early if the workstation stops. */
  async #waitForInnerEngine(handle: SandboxHandle): Promise<void> {
    const inner = this.innerDocker(handle)
    const deadline = Date.now() + this.#settings.readyTimeoutMs
    let lastError: unknown
    while (Date.now() < deadline) {
      try {
        await inner.ping()
        return
      } catch (error) {
        lastError = error
      }
      const exit = await this.poll(handle)
      if (exit) {
        throw new SandboxError({
          code: 'sandbox_start_failed',
          status: 503,
          message: 'sandbox.startFailed',
          logMessage: `workstation ${handle.containerName} stopped while starting (${exit.reason}, code ${exit.exitCode})`,
        })
      }
      await sleep(READY_POLL_INTERVAL_MS)
    }
    throw new SandboxError({
      code: 'sandbox_start_timeout',
      status: 503,
      message: 'sandbox.startFailed',
      logMessage: `inner engine of ${handle.containerName} did not answer within ${this.#settings.readyTimeoutMs} ms`,
      cause: lastError,
    })
  }

  #container(handle: SandboxHandle): Dockerode.Container {
    return this.#docker.getContainer(handle.containerId || handle.containerName)
  }

  async poll(handle: SandboxHandle): Promise<ExitSummary | null> {
    const details = await ignoringStatus([404], () => this.#container(handle).inspect())
    if (!details) return { exitCode: 0, reason: 'gone' }
    if (details.State.Running) return null
    return { exitCode: details.State.ExitCode, reason: details.State.OOMKilled ? 'oom-killed' : 'exited' }
  }

  async destroy(handle: SandboxHandle): Promise<void> {
    await this.#unpauseInnerContainers(handle)
    await ignoringStatus([404, 409], () => this.#container(handle).remove({ force: true, v: true }))
    await this.#waitUntilRemoved(handle)
    // The disk first: it holds a loop device and host space, and needs only the container gone.
    await this.#diskQuota.release(handle.sessionId)
    await ignoringStatus([404], () => this.#docker.getVolume(handle.volumeName).remove())
    await removeWorkstationNetwork(this.#docker, handle.sessionId)
    await rm(handle.socketDir, { recursive: true, force: true })
  }

  /**
   * On cgroup v1 a container the learner left paused sits in a frozen cgroup under the workstation,
   * and the engine then cannot kill the workstation ("did not receive an exit event"): thaw them
   * through the inner engine first. An inner engine that no longer answers has frozen nothing.
   */
  async #unpauseInnerContainers(handle: SandboxHandle): Promise<void> {
    try {
      const inner = this.innerDocker(handle)
      const paused = await inner.listContainers({ filters: { status: ['paused'] } })
      await Promise.all(paused.map((container) => inner.getContainer(container.Id).unpause()))
    } catch (error) {
      this.#logger.info('sandbox.unpause-skipped', { sessionId: handle.sessionId, error })
    }
  }

  /** A 409 means another caller is removing the container; the volume is free only once it is gone. */
  async #waitUntilRemoved(handle: SandboxHandle): Promise<void> {
    const deadline = Date.now() + this.#settings.readyTimeoutMs
    while (Date.now() < deadline) {
      const present = await ignoringStatus([404], () => this.#container(handle).inspect())
      if (!present) return
      await sleep(READY_POLL_INTERVAL_MS)
    }
  }

  innerDocker(handle: SandboxHandle): Dockerode {
    return new Dockerode({
      socketPath: path.join(handle.socketDir, 'docker.sock'),
      timeout: this.#settings.execTimeoutMs,
    })
  }

  readWorkspace(handle: SandboxHandle, relativePath: string, maxFileBytes: number): Promise<WorkspaceDirectory | WorkspaceFile> {
    return readWorkspace(this.#container(handle), relativePath, maxFileBytes)
  }

  writeWorkspaceFile(handle: SandboxHandle, relativePath: string, content: Buffer): Promise<void> {
    return writeWorkspaceFile(this.#container(handle), relativePath, content)
  }

  engineSnapshot(handle: SandboxHandle): Promise<EngineSnapshot> {
    return engineSnapshot(this.innerDocker(handle))
  }

  engineEvents(handle: SandboxHandle, signal: AbortSignal): AsyncIterable<EngineEvent> {
    // No request timeout: an events stream may stay quiet for as long as the learner does.
    return engineEvents(new Dockerode({ socketPath: path.join(handle.socketDir, 'docker.sock') }), signal)
  }

  publishedPorts(handle: SandboxHandle): Promise<PublishedPort[]> {
    return publishedPorts(this.innerDocker(handle))
  }

  async previewHost(handle: SandboxHandle): Promise<string> {
    const details = await this.#container(handle).inspect()
    const networks = details.NetworkSettings.Networks
    // A workstation started before networks were per workstation sits on the shared one until it ends.
    const address = (networks[workstationNetworkName(handle.sessionId)] ?? networks[SANDBOX_NETWORK])?.IPAddress
    if (!address) {
      throw new SandboxError({
        code: 'session_stopped',
        status: 409,
        message: 'session.stopped',
        logMessage: `${handle.containerName} has no address on ${workstationNetworkName(handle.sessionId)}`,
      })
    }
    return address
  }

  /** The inner engine's storage (see `disk-quota.ts`) plus the workstation's writable layer. */
  async diskUsage(handle: SandboxHandle): Promise<DiskUsage> {
    const [details, inner] = await Promise.all([
      // `?size=1` makes the engine add the writable layer's size; dockerode passes it on but its types omit it.
      this.#container(handle).inspect({ size: true } as Dockerode.ContainerInspectOptions),
      this.#diskQuota.innerUsage(handle.sessionId, this.innerDocker(handle)),
    ])
    const ownBytes = (details as { SizeRw?: number }).SizeRw ?? 0
    return { usedBytes: inner.usedBytes + ownBytes, quotaBytes: this.#diskQuota.quotaBytes, full: inner.full }
  }

  async exec(handle: SandboxHandle, argv: readonly string[]): Promise<ExecResult> {
    const exec = await this.#container(handle).exec({ Cmd: [...argv], AttachStdout: true, AttachStderr: true })
    const stream = await exec.start({})
    const stdout = new BoundedCollector(EXEC_OUTPUT_LIMIT_BYTES)
    const stderr = new BoundedCollector(EXEC_OUTPUT_LIMIT_BYTES)
    this.#docker.modem.demuxStream(stream, stdout.sink, stderr.sink)
    let timer: NodeJS.Timeout | undefined
    try {
      await new Promise<void>((resolve, reject) => {
        timer = setTimeout(() => {
          stream.destroy()
          reject(
            new SandboxError({
              code: 'exec_timeout',
              status: 504,
              message: 'sandbox.execTimeout',
              logMessage: `exec of ${argv[0] ?? ''} in ${handle.containerName} ran over ${this.#settings.execTimeoutMs} ms`,
            }),
          )
        }, this.#settings.execTimeoutMs)
        stream.on('end', resolve)
        stream.on('close', resolve)
        stream.on('error', reject)
      })
    } finally {
      clearTimeout(timer)
    }
    const { ExitCode } = await exec.inspect()
    return { exitCode: ExitCode ?? -1, stdout: stdout.text(), stderr: stderr.text() }
  }

  /**
   * Attaches to the learner's tmux session `learner`, creating it (a login bash) the first time. The
   * shell lives in the workstation, not in this exec: a closed WebSocket, a page reload or a server
   * restart ends only this tmux client, and the next terminal finds the same shell, screen redrawn.
   * A read-only terminal is one more tmux client of that session that tmux keeps from typing or
   * resizing.
   */
  async openTerminal(handle: SandboxHandle, size: TerminalSize, { readOnly = false }: TerminalOptions = {}): Promise<Terminal> {
    const exec = await this.#container(handle).exec({
      Cmd: readOnly
        ? ['tmux', '-u', 'attach-session', '-t', 'learner', '-f', 'read-only,ignore-size']
        : ['tmux', '-u', 'new-session', '-A', '-s', 'learner'],
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: true,
      Env: ['TERM=xterm-256color'],
    })
    const stream = await exec.start({ hijack: true, stdin: true, Tty: true })
    const resize = async ({ cols, rows }: TerminalSize): Promise<void> => {
      // Resizing races the end of the shell; a finished exec has nothing left to resize.
      await ignoringStatus([404, 409, 500], () => exec.resize({ w: cols, h: rows }))
    }
    await resize(size)
    const close = (): void => {
      // Closing the connection alone leaves the tmux client attached (and holding its old size) until
      // the workstation stops; the detach keys make it exit, and the exec with it.
      const timer = setTimeout(() => stream.destroy(), TERMINAL_DETACH_GRACE_MS).unref()
      stream.once('end', () => {
        clearTimeout(timer)
        stream.destroy()
      })
      stream.write(TMUX_DETACH_KEYS)
    }
    return { stream, resize, close }
  }

  async listManaged(): Promise<SandboxHandle[]> {
    const filters = { label: [`${LABEL_ROLE}=${WORKSTATION_ROLE}`, `${LABEL_SOCKET_ROOT}=${this.#settings.socketRoot}`] }
    const [containers, { Volumes: volumes }, networks, socketDirs] = await Promise.all([
      this.#docker.listContainers({ all: true, filters }),
      this.#docker.listVolumes({ filters }),
      this.#docker.listNetworks({ filters }),
      readdir(this.#settings.socketRoot).catch(() => [] as string[]),
    ])
    const handles = new Map<string, SandboxHandle>()
    for (const container of containers) {
      const sessionId = container.Labels[LABEL_SESSION]
      if (sessionId) handles.set(sessionId, this.handleFor(sessionId, container.Id))
    }
    const otherIds = [
      ...(volumes ?? []).map((volume) => volume.Labels?.[LABEL_SESSION]),
      ...networks.map((network) => network.Labels?.[LABEL_SESSION]),
      ...socketDirs,
      ...(await this.#diskQuota.sessionsOnDisk()),
    ]
    for (const sessionId of otherIds) {
      if (sessionId && SESSION_ID_PATTERN.test(sessionId) && !handles.has(sessionId)) {
        handles.set(sessionId, this.handleFor(sessionId))
      }
    }
    return [...handles.values()]
  }
}

/** Collects a stream's bytes up to a limit, and decodes them once at the end (never mid-character). */
class BoundedCollector {
  readonly sink = new PassThrough()
  readonly #chunks: Buffer[] = []
  #size = 0

  constructor(limit: number) {
    this.sink.on('data', (chunk: Buffer) => {
      if (this.#size >= limit) return
      const kept = chunk.subarray(0, limit - this.#size)
      this.#chunks.push(kept)
      this.#size += kept.length
    })
  }

  text(): string {
    return Buffer.concat(this.#chunks).toString('utf8')
  }
}
