/**
 * @module Starts the real sandbox server (the same `main.ts` that `npm start` serves) on a free
 * port, for tests that use it as a learner would: over HTTP, WebSocket and a browser.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const SERVER_MAIN = fileURLToPath(new URL('../../sandbox-server/src/main.ts', import.meta.url))
const READY_TIMEOUT_MS = 60_000

export interface RunningServer {
  baseUrl: string
  /** The server's own socket root: one folder per session holds its inner engine's `docker.sock`. */
  socketRoot: string
  /** Everything the server printed, for failure messages. */
  output(): string
  /** Signals the server (SIGTERM by default; SIGKILL to crash it) and waits until it has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })
}

/**
 * Spawns the server and resolves once `/healthz` answers 200. Each server gets a socket root of its
 * own: a server sweeps the leftover sandboxes of its socket root, and must not take another's.
 * Stopping it (SIGTERM) destroys every session unless `CLEANUP_ON_SHUTDOWN: 'false'` is passed (a
 * restart test); tests still delete the sessions they make, as a learner would.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  // A restart test passes the port of the server it replaces, so the page's address stays valid.
  const port = env.PORT ? Number(env.PORT) : await freePort()
  // A restart test passes the socket root (and database) of the server it replaces.
  const ownsSocketRoot = env.SOCKET_ROOT === undefined
  const socketRoot = env.SOCKET_ROOT ?? (await mkdtemp(path.join(tmpdir(), 'docker-classroom-e2e-')))
  const child = spawn(process.execPath, [SERVER_MAIN], {
    env: {
      ...process.env,
      PORT: String(port),
      SOCKET_ROOT: socketRoot,
      // Its own database too: a server adopts every workstation its database records.
      DATABASE_PATH: path.join(socketRoot, 'sessions.sqlite'),
      // Never the machine's PostgreSQL (an empty value is unset): it would be shared by every test server.
      DATABASE_URL: '',
      // Whatever a failing test did not delete goes when its server stops.
      CLEANUP_ON_SHUTDOWN: 'true',
      // No warm pool unless a test asks (POOL_SIZE): session timings and capacity stay those of cold starts.
      POOL_SIZE: '0',
      // Every test's browser is the same client (127.0.0.1); the per-client limit has its own tests.
      MAX_SESSIONS_PER_CLIENT: '100',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const baseUrl = `http://127.0.0.1:${port}`
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    await exited(child)
    // A killed server may be restarted on the same root by its test, which then owns the cleanup.
    if (ownsSocketRoot && signal !== 'SIGKILL') await rm(socketRoot, { recursive: true, force: true })
  }
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`)
    const healthy = await fetch(`${baseUrl}/healthz`).then((r) => r.ok, () => false)
    if (healthy) return { baseUrl, socketRoot, output: () => output, stop }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  await stop()
  throw new Error(`the server did not become healthy within ${READY_TIMEOUT_MS / 1000}s:\n${output}`)
}
