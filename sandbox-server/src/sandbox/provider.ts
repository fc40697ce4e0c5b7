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
}

/** Starts, watches and removes learners' sandboxes. */
export interface SandboxProvider {
  /** How nested containers are isolated, as chosen at start-up. */
  readonly isolation: IsolationMode
  /** Resolves when the engine behind the provider answers. */
  ping(): Promise<void>
  /** Starts a workstation for `sessionId`; resolves once its inner engine answers `/_ping`. */
  create(sessionId: string): Promise<SandboxHandle>
  /** `null` while the workstation runs, else why it stopped. */
  poll(handle: SandboxHandle): Promise<ExitSummary | null>
  /** Removes the workstation, its volume and its socket directory. Idempotent. */
  destroy(handle: SandboxHandle): Promise<void>
  /** A Docker API client bound to the workstation's inner engine. */
  innerDocker(handle: SandboxHandle): Dockerode
  /** Runs `argv` (never a shell string) in the workstation, without a TTY, with a time limit. */
  exec(handle: SandboxHandle, argv: readonly string[]): Promise<ExecResult>
  /** Opens a login shell on a TTY in the workstation. */
  openTerminal(handle: SandboxHandle, size: TerminalSize): Promise<Terminal>
  /** Handles of every sandbox this provider's resources exist for, live or orphaned. */
  listManaged(): Promise<SandboxHandle[]>
}
