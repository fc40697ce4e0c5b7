/**
 * @module An in-process sandbox provider for unit tests: no engine, instant sandboxes, an inner
 * "engine" that answers the few Docker API calls checks make from a list of containers the test
 * sets, and a terminal that echoes what it is sent.
 */
import { Duplex } from 'node:stream'
import type Dockerode from 'dockerode'
import type { IsolationMode } from '../../settings.ts'
import type {
  ExecResult,
  ExitSummary,
  SandboxHandle,
  SandboxProvider,
  Terminal,
  TerminalSize,
} from '../provider.ts'

/** A container as the fake inner engine reports it. */
export interface FakeContainer {
  name: string
  image: string
  running: boolean
  /** Published ports as `{ containerPort: hostPort }`, tcp. */
  ports?: Record<number, number>
}

/** What one fake sandbox holds; tests read and change it. */
export interface FakeSandbox {
  handle: SandboxHandle
  running: boolean
  containers: FakeContainer[]
  /** Answers `exec`; by default exit 0 with empty output. */
  exec: (argv: readonly string[]) => ExecResult
  /** Sizes the terminal was given, in order. */
  terminalSizes: TerminalSize[]
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
    async listContainers({ filters }: { filters?: { name?: string[] } } = {}) {
      const pattern = filters?.name?.[0]
      const names = sandbox.containers
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
      exec: () => ({ exitCode: 0, stdout: '', stderr: '' }),
      terminalSizes: [],
    }
  }

  async ping(): Promise<void> {
    if (!this.engineUp) throw new Error('fake engine is down')
  }

  async create(sessionId: string): Promise<SandboxHandle> {
    if (this.createError) throw this.createError
    const sandbox = this.#newSandbox(sessionId)
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
    this.sandboxes.delete(handle.sessionId)
  }

  innerDocker(handle: SandboxHandle): Dockerode {
    return fakeInnerDocker(this.#sandbox(handle))
  }

  async exec(handle: SandboxHandle, argv: readonly string[]): Promise<ExecResult> {
    return this.#sandbox(handle).exec(argv)
  }

  async openTerminal(handle: SandboxHandle, size: TerminalSize): Promise<Terminal> {
    const sandbox = this.#sandbox(handle)
    sandbox.terminalSizes.push(size)
    return {
      stream: this.#newTerminal(),
      resize: async (next) => {
        sandbox.terminalSizes.push(next)
      },
    }
  }

  async listManaged(): Promise<SandboxHandle[]> {
    return [...this.sandboxes.values()].map((sandbox) => sandbox.handle)
  }
}
