/**
 * @module For crash and restart tests: real servers (`main.ts`) started one after another on the
 * same socket root and database, so each adopts what the previous one left running.
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Dockerode from 'dockerode'
import { startServer, type RunningServer } from '../../../e2e/support/server.ts'
import { removeSocketRootLeftovers } from './real-engine.ts'

/** A session as its learner holds it. */
export interface Learner {
  id: string
  token: string
}

export interface RestartableServers {
  socketRoot: string
  /** Starts a server on the shared socket root and database; it leaves live sessions running when stopped. */
  start(): Promise<RunningServer>
  /** Stops every server started, removes what a failed test left under the socket root, then the folder. */
  cleanup(): Promise<void>
}

/** A fresh temporary folder (`prefix`…) holding the socket root and database; `env` adds settings. */
export async function restartableServers(prefix: string, env: Record<string, string> = {}): Promise<RestartableServers> {
  const dataDir = await mkdtemp(path.join(tmpdir(), prefix))
  const socketRoot = path.join(dataDir, 'sessions')
  const servers: RunningServer[] = []
  const settings = { ...env, SOCKET_ROOT: socketRoot, DATABASE_PATH: path.join(dataDir, 'sessions.sqlite'), CLEANUP_ON_SHUTDOWN: 'false' }
  return {
    socketRoot,
    async start() {
      const server = await startServer(settings)
      servers.push(server)
      return server
    },
    async cleanup() {
      await Promise.all(servers.map((server) => server.stop()))
      await removeSocketRootLeftovers(new Dockerode(), socketRoot)
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/** Creates a session on `server` as a learner's browser would. */
export async function createLearner(server: RunningServer): Promise<Learner> {
  const created = await fetch(`${server.baseUrl}/api/sessions`, { method: 'POST' })
  assert.equal(created.status, 201, server.output())
  return (await created.json()) as Learner
}
