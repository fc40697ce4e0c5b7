/**
 * @module The sandbox provider contract, shaped after JupyterHub's Spawner: a provider starts one
 * workstation per session, polls it, destroys it, and hands out what checks and the terminal need.
 * Everything it returns about a sandbox lives in a plain JSON `SandboxHandle`, so a store can save it
 * and a restarted server can adopt the sandbox again.
 */
import type { Duplex } from 'node:stream'
import type Dockerode from 'dockerode'
import type { ExecResult } from '@docker-classroom/lessons'
import type { IsolationMode } from '../settings.ts'

export type { ExecResult }

/** Serialisable state of one sandbox: enough to find every resource it owns. */
export interface SandboxHandle {
  sessionId: string
  /** Engine id of the workstation container; empty when only its name is known (orphan sweep). */
  containerId: string
  /** Deterministic container name, `docker-classroom-ws-<sessionId>`. */
  containerName: string
  /** Named volume holding the inner engine's `/var/lib/docker`. */
  volumeName: string
  /** Host directory bind-mounted at `/run/dind`; holds the inner engine's `docker.sock`. */
  socketDir: string
}

/** Why a sandbox is no longer running (JupyterHub's poll status). */
export interface ExitSummary {
  /** Exit code of the workstation's init; 0 when it is gone and the code is unknown. */
  exitCode: number
  /** Short English reason for the log, e.g. `exited`, `oom-killed`, `gone`. */
  reason: string
}

/** Rows and columns of a terminal. */
export interface TerminalOptions {
  readOnly?: boolean
}

export interface TerminalSize {
  cols: number
  rows: number
}

/** An interactive shell in a workstation. */
export interface Terminal {
  /** Raw terminal bytes both ways (a TTY: stdout and stderr are merged). */
  stream: Duplex
  /** Tells the shell its window changed. */
  resize(size: TerminalSize): Promise<void>
  /** Ends this terminal. The shell may live on for the next terminal to reattach to. */
  close(): void
}

/** Files to put in a new workstation's lesson folder: clean relative path → UTF-8 text. */
export type WorkspaceFiles = Readonly<Record<string, string>>

/** One entry of a directory in the lesson folder. */
export interface WorkspaceEntry {
  name: string
  kind: 'file' | 'directory' | 'symlink' | 'other'
  /** Bytes; for a symlink, the length of its target. */
  size: number
  /** Last modification, ISO-8601. */
  mtime: string
}

/** A directory of the lesson folder with its direct entries, sorted by name. */
export interface WorkspaceDirectory {
  kind: 'directory'
  entries: WorkspaceEntry[]
}

/** A regular file of the lesson folder. */
export interface WorkspaceFile {
  kind: 'file'
  content: Buffer
  /** Last modification, ISO-8601. */
  mtime: string
}

/** A container of the learner's inner engine. */
export interface EngineContainer {
  id: string
  /** Without the leading `/`. */
  name: string
  image: string
  /** `created`, `running`, `paused`, `exited`, … as the engine says. */
  state: string
}

/** An image of the learner's inner engine. */
export interface EngineImage {
  id: string
  /** `repository:tag` names; empty for a dangling image. */
  tags: string[]
}

/** What the inner engine holds at one moment. */
export interface EngineSnapshot {
  containers: EngineContainer[]
  images: EngineImage[]
}

/** A container or image event of the inner engine. */
export interface EngineEvent {
  type: 'container' | 'image'
  /** `create`, `start`, `die`, `destroy`, `pull`, `tag`, `delete`, … */
  action: string
  /** Container or image id (an image event may carry a name instead). */
  id: string
  /** Container name, for container events. */
  name?: string
  /** Image of a container, or the image name of an image event. */
  image?: string
  /** Epoch milliseconds. */
  time: number
}

/** A port an inner container publishes on the workstation. */
export interface PublishedPort {
  containerId: string
  containerName: string
  /** Port inside the inner container. */
  privatePort: number
  /** Port on the workstation, which the preview proxy reaches. */
  publicPort: number
  protocol: 'tcp' | 'udp' | 'sctp'
}

/** How much disk a sandbox fills, against its quota (`SANDBOX_DISK_QUOTA_BYTES`). */
export interface DiskUsage {
  /** The inner engine's storage plus the workstation's own files. */
  usedBytes: number
  quotaBytes: number
  /** True when the inner engine's storage is a filesystem of the quota's size and it refuses further writes. */
  full: boolean
}

/** Starts, watches and removes learners' sandboxes. */
export interface SandboxProvider {
  /** How nested containers are isolated, as chosen at start-up. */
  readonly isolation: IsolationMode
  /** Resolves when the engine behind the provider answers. */
  ping(): Promise<void>
  /**
   * Starts a workstation for `sessionId`; resolves once its inner engine answers `/_ping`. `files`
   * (path relative to the lesson folder → UTF-8 text, root-owned, mode 0644) are in its lesson
   * folder before anything runs in it.
   */
  create(sessionId: string, files?: WorkspaceFiles): Promise<SandboxHandle>
  /** `null` while the workstation runs, else why it stopped. */
  poll(handle: SandboxHandle): Promise<ExitSummary | null>
  /** Removes the workstation, its volume and its socket directory. Idempotent. */
  destroy(handle: SandboxHandle): Promise<void>
  /** A Docker API client bound to the workstation's inner engine. */
  innerDocker(handle: SandboxHandle): Dockerode
  /** Runs `argv` (never a shell string) in the workstation, without a TTY, with a time limit. */
  exec(handle: SandboxHandle, argv: readonly string[]): Promise<ExecResult>
  /**
   * Opens a login shell on a TTY in the workstation. `readOnly` watches the learner's shell instead
   * (an instructor's mirror): keys have no effect, and its size never changes the learner's screen.
   */
  openTerminal(handle: SandboxHandle, size: TerminalSize, options?: TerminalOptions): Promise<Terminal>
  /** Handles of every sandbox this provider's resources exist for, live or orphaned. */
  listManaged(): Promise<SandboxHandle[]>
  /**
   * Lists the directory or reads the file at `relativePath` in the lesson folder (see
   * `workspace-path.ts`). Symlinks are never followed.
   * @throws SandboxError 404 `file_not_found`, 400 `symlink_not_allowed` when any part of the path is
   *   a symlink, 413 `file_too_large` over `maxFileBytes`, 415 `not_a_file` for devices, sockets, …
   */
  readWorkspace(handle: SandboxHandle, relativePath: string, maxFileBytes: number): Promise<WorkspaceDirectory | WorkspaceFile>
  /**
   * Writes a file of the lesson folder, owned by root with mode 0644; its directory must exist.
   * @throws SandboxError 404 `directory_not_found`, 400 `symlink_not_allowed`, 409 `is_directory`
   */
  writeWorkspaceFile(handle: SandboxHandle, relativePath: string, content: Buffer): Promise<void>
  /** The inner engine's containers (all states) and images. */
  engineSnapshot(handle: SandboxHandle): Promise<EngineSnapshot>
  /** The inner engine's container and image events from now on; ends when `signal` aborts or the engine goes away. */
  engineEvents(handle: SandboxHandle, signal: AbortSignal): AsyncIterable<EngineEvent>
  /** Ports the inner engine's running containers publish on the workstation. */
  publishedPorts(handle: SandboxHandle): Promise<PublishedPort[]>
  /** Address at which the server reaches the workstation's published ports. */
  previewHost(handle: SandboxHandle): Promise<string>
  /** How much disk the sandbox fills now. */
  diskUsage(handle: SandboxHandle): Promise<DiskUsage>
}
