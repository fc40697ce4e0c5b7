/**
 * @module An in-process sandbox provider for unit tests: no engine, instant sandboxes, an inner
 * "engine" that answers the few Docker API calls checks make from a list of containers the test
 * sets, and a terminal that echoes what it is sent.
 */
import { EventEmitter, on } from 'node:events'
import { Duplex } from 'node:stream'
import type Dockerode from 'dockerode'
import type { IsolationMode } from '../../settings.ts'
import type {
  DiskUsage,
  EngineEvent,
  EngineImage,
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
  WorkspaceEntry,
  WorkspaceFile,
  WorkspaceFiles,
} from '../provider.ts'
import { parentPath, workspaceErrors } from '../workspace-path.ts'

/** A container as the fake inner engine reports it. */
export interface FakeContainer {
  name: string
  image: string
  running: boolean
  /** Published ports as `{ containerPort: hostPort }`, tcp. */
  ports?: Record<number, number>
}

/** A node of the fake lesson folder, by path relative to it. */
export type FakeWorkspaceNode =
  | { kind: 'file'; content: Buffer; mtime: Date }
  | { kind: 'directory'; mtime: Date }
  | { kind: 'symlink'; target: string; mtime: Date }

/** What one fake sandbox holds; tests read and change it. */
export interface FakeSandbox {
  handle: SandboxHandle
  running: boolean
  containers: FakeContainer[]
  images: EngineImage[]
  /** The lesson folder: `''` is the folder itself. */
  workspace: Map<string, FakeWorkspaceNode>
  /** Emits `event` with an EngineEvent for every open `engineEvents` stream; `gone` ends them. */
  engine: EventEmitter
  /** Where the preview proxy finds published ports. */
  previewHost: string
  /** Answers `exec`; by default exit 0 with empty output. */
  exec: (argv: readonly string[]) => ExecResult
  /** Sizes the terminal was given, in order. */
  terminalSizes: TerminalSize[]
  /** Read-only terminals (instructor mirrors) opened. */
  readOnlyTerminals: number
  /** What `diskUsage` answers; tests fill the disk by changing it. */
  disk: DiskUsage
}

/** A terminal that writes back every byte it receives, after a prompt. */
function echoTerminal(prompt: Buffer): Duplex {
  const terminal = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      terminal.push(chunk)
      callback()
    },
    final(callback) {
      terminal.push(null)
      callback()
    },
  })
  terminal.push(prompt)
  return terminal
}

/** The part of Dockerode that lesson checks use, answered from `sandbox.containers`. */
function fakeInnerDocker(sandbox: FakeSandbox): Dockerode {
  const byName = (name: string): FakeContainer | undefined =>
    sandbox.containers.find((container) => container.name === name)
  const inspect = (container: FakeContainer) => ({
    Name: `/${container.name}`,
    Config: { Image: container.image },
    State: { Running: container.running },
    NetworkSettings: {
      Ports: Object.fromEntries(
        Object.entries(container.ports ?? {}).map(([containerPort, hostPort]) => [
          `${containerPort}/tcp`,
          [{ HostIp: '0.0.0.0', HostPort: String(hostPort) }],
        ]),
      ),
    },
  })
  const fake = {
    async ping() {
      return 'OK'
    },
    async listContainers({ filters }: { filters?: { name?: string[]; status?: string[] } } = {}) {
      const pattern = filters?.name?.[0]
      const onlyRunning = filters?.status?.includes('running') ?? false
      const names = sandbox.containers
        .filter((container) => !onlyRunning || container.running)
        .map((container) => container.name)
        .filter((name) => pattern === undefined || new RegExp(pattern).test(`/${name}`))
      return names.map((name) => ({ Id: name, Names: [`/${name}`] }))
    },
    getContainer(id: string) {
      return {
        async inspect() {
          const container = byName(id)
          if (!container) throw Object.assign(new Error('no such container'), { statusCode: 404 })
          return inspect(container)
        },
      }
    },
  }
  return fake as unknown as Dockerode
}

export interface FakeProviderOptions {
  isolation?: IsolationMode
  /** When set, `create` fails with this error. */
  createError?: Error
  /** Makes the stream of each terminal; an echo after a `$ ` prompt by default. */
  newTerminal?: () => Duplex
}

/** A SandboxProvider that keeps everything in memory. */
export class FakeProvider implements SandboxProvider {
  readonly isolation: IsolationMode
  /** Every sandbox created and not destroyed, by session id. */
  readonly sandboxes = new Map<string, FakeSandbox>()
  /** Session ids of every `destroy` call, in order. */
  readonly destroyed: string[] = []
  engineUp = true
  createError: Error | undefined
  readonly #newTerminal: () => Duplex

  constructor({
    isolation = 'capabilities',
    createError,
    newTerminal = () => echoTerminal(Buffer.from('$ ')),
  }: FakeProviderOptions = {}) {
    this.isolation = isolation
    this.createError = createError
    this.#newTerminal = newTerminal
  }

  #sandbox(handle: SandboxHandle): FakeSandbox {
    const sandbox = this.sandboxes.get(handle.sessionId)
    if (!sandbox) throw Object.assign(new Error(`no sandbox for ${handle.sessionId}`), { statusCode: 404 })
    return sandbox
  }

  /** Adds a sandbox as if a previous server had left it behind. */
  addOrphan(sessionId: string): void {
    this.sandboxes.set(sessionId, this.#newSandbox(sessionId))
  }

  #newSandbox(sessionId: string): FakeSandbox {
    return {
      handle: {
        sessionId,
        containerId: `fake-${sessionId}`,
        containerName: `docker-classroom-ws-${sessionId}`,
        volumeName: `docker-classroom-ws-${sessionId}-docker`,
        socketDir: `/fake/${sessionId}`,
      },
      running: true,
      containers: [],
      images: [],
      workspace: new Map([['', { kind: 'directory', mtime: new Date() }]]),
      engine: new EventEmitter(),
      previewHost: '127.0.0.1',
      exec: () => ({ exitCode: 0, stdout: '', stderr: '' }),
      terminalSizes: [],
      readOnlyTerminals: 0,
      disk: { usedBytes: 0, quotaBytes: 10 * 1024 ** 3, full: false },
    }
  }

  async ping(): Promise<void> {
    if (!this.engineUp) throw new Error('fake engine is down')
  }

  async create(sessionId: string, files: WorkspaceFiles = {}): Promise<SandboxHandle> {
    if (this.createError) throw this.createError
    const sandbox = this.#newSandbox(sessionId)
    for (const [file, content] of Object.entries(files)) {
      const segments = file.split('/')
      for (let depth = 1; depth < segments.length; depth++) {
        sandbox.workspace.set(segments.slice(0, depth).join('/'), { kind: 'directory', mtime: new Date() })
      }
      sandbox.workspace.set(file, { kind: 'file', content: Buffer.from(content, 'utf8'), mtime: new Date() })
    }
    this.sandboxes.set(sessionId, sandbox)
    return sandbox.handle
  }

  async poll(handle: SandboxHandle): Promise<ExitSummary | null> {
    const sandbox = this.sandboxes.get(handle.sessionId)
    if (!sandbox) return { exitCode: 0, reason: 'gone' }
    return sandbox.running ? null : { exitCode: 137, reason: 'exited' }
  }

  async destroy(handle: SandboxHandle): Promise<void> {
    this.destroyed.push(handle.sessionId)
    this.sandboxes.get(handle.sessionId)?.engine.emit('gone')
    this.sandboxes.delete(handle.sessionId)
  }

  innerDocker(handle: SandboxHandle): Dockerode {
    return fakeInnerDocker(this.#sandbox(handle))
  }

  async exec(handle: SandboxHandle, argv: readonly string[]): Promise<ExecResult> {
    return this.#sandbox(handle).exec(argv)
  }

  async openTerminal(handle: SandboxHandle, size: TerminalSize, { readOnly = false }: TerminalOptions = {}): Promise<Terminal> {
    const sandbox = this.#sandbox(handle)
    sandbox.terminalSizes.push(size)
    if (readOnly) sandbox.readOnlyTerminals += 1
    const stream = this.#newTerminal()
    return {
      stream,
      resize: async (next) => {
        sandbox.terminalSizes.push(next)
      },
      close: () => stream.destroy(),
    }
  }

  async listManaged(): Promise<SandboxHandle[]> {
    return [...this.sandboxes.values()].map((sandbox) => sandbox.handle)
  }

  async readWorkspace(handle: SandboxHandle, relativePath: string, maxFileBytes: number): Promise<WorkspaceDirectory | WorkspaceFile> {
    const { workspace } = this.#sandbox(handle)
    const node = nodeInWorkspace(workspace, relativePath)
    if (!node) throw workspaceErrors.notFound()
    if (node.kind === 'directory') return { kind: 'directory', entries: listFakeDirectory(workspace, relativePath) }
    if (node.kind !== 'file') throw workspaceErrors.notAFile()
    if (node.content.length > maxFileBytes) throw workspaceErrors.tooLarge(relativePath, node.content.length, maxFileBytes)
    return { kind: 'file', content: Buffer.from(node.content), mtime: node.mtime.toISOString() }
  }

  async writeWorkspaceFile(handle: SandboxHandle, relativePath: string, content: Buffer): Promise<void> {
    const { workspace } = this.#sandbox(handle)
    if (relativePath === '') throw workspaceErrors.isDirectory()
    if (nodeInWorkspace(workspace, parentPath(relativePath))?.kind !== 'directory') throw workspaceErrors.directoryNotFound()
    const existing = workspace.get(relativePath)
    if (existing?.kind === 'symlink') throw workspaceErrors.symlink(relativePath)
    if (existing?.kind === 'directory') throw workspaceErrors.isDirectory()
    workspace.set(relativePath, { kind: 'file', content: Buffer.from(content), mtime: new Date() })
  }

  async engineSnapshot(handle: SandboxHandle): Promise<EngineSnapshot> {
    const sandbox = this.#sandbox(handle)
    return {
      containers: sandbox.containers.map((container) => ({
        id: container.name,
        name: container.name,
        image: container.image,
        state: container.running ? 'running' : 'exited',
      })),
      images: sandbox.images.map((image) => ({ ...image, tags: [...image.tags] })),
    }
  }

  async *engineEvents(handle: SandboxHandle, signal: AbortSignal): AsyncGenerator<EngineEvent> {
    const { engine } = this.#sandbox(handle)
    const gone = new AbortController()
    const endOnGone = (): void => gone.abort()
    engine.once('gone', endOnGone)
    try {
      for await (const [event] of on(engine, 'event', { signal: AbortSignal.any([signal, gone.signal]) })) {
        yield event as EngineEvent
      }
    } catch (error) {
      if (!(error instanceof Error && error.name === 'AbortError')) throw error
    } finally {
      engine.off('gone', endOnGone)
    }
  }

  async publishedPorts(handle: SandboxHandle): Promise<PublishedPort[]> {
    return this.#sandbox(handle).containers
      .filter((container) => container.running)
      .flatMap((container) =>
        Object.entries(container.ports ?? {}).map(([privatePort, publicPort]) => ({
          containerId: container.name,
          containerName: container.name,
          privatePort: Number(privatePort),
          publicPort,
          protocol: 'tcp' as const,
        })),
      )
      .sort((a, b) => a.publicPort - b.publicPort)
  }

  async previewHost(handle: SandboxHandle): Promise<string> {
    return this.#sandbox(handle).previewHost
  }

  async diskUsage(handle: SandboxHandle): Promise<DiskUsage> {
    return { ...this.#sandbox(handle).disk }
  }
}

/** The node at `relative`, refusing a path through any symlink as the Docker provider does. */
function nodeInWorkspace(workspace: Map<string, FakeWorkspaceNode>, relative: string): FakeWorkspaceNode | undefined {
  const segments = relative === '' ? [] : relative.split('/')
  let node = workspace.get('')
  for (let depth = 1; node && depth <= segments.length; depth++) {
    if (node.kind === 'symlink') break
    node = workspace.get(segments.slice(0, depth).join('/'))
  }
  if (node?.kind === 'symlink') throw workspaceErrors.symlink(relative)
  return node
}

function listFakeDirectory(workspace: Map<string, FakeWorkspaceNode>, relative: string): WorkspaceEntry[] {
  const prefix = relative === '' ? '' : `${relative}/`
  return [...workspace]
    .filter(([key]) => key !== relative && key.startsWith(prefix) && !key.slice(prefix.length).includes('/'))
    .map(([key, node]) => ({
      name: key.slice(prefix.length),
      kind: node.kind,
      size: node.kind === 'file' ? node.content.length : node.kind === 'symlink' ? Buffer.byteLength(node.target) : 4096,
      mtime: node.mtime.toISOString(),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}
