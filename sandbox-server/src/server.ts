/**
 * @module Serves the app over HTTP with WebSocket upgrades, after adopting the sessions a previous
 * run left, and stops it cleanly: no new connections, open terminals closed, and either every
 * session destroyed or (as `npm start` does) only expired ones reaped, live workstations kept
 * running for the next start to adopt. Used by `main.ts` and by the integration tests, which listen
 * on an ephemeral port.
 */
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { createApp, type AppDeps } from './app.ts'

export interface StartServerOptions extends AppDeps {
  /** 0 picks a free port. */
  port: number
  host: string
  /** How often expired sessions are reaped and orphans swept. */
  reapIntervalMs: number
  /**
   * Destroy every session when closing (JupyterHub's `cleanup_servers`). Default true, so a test's
   * server leaves nothing behind; `main.ts` passes `CLEANUP_ON_SHUTDOWN`, false by default.
   */
  cleanupOnShutdown?: boolean
}

/** A listening server. */
export interface RunningServer {
  /** `http://host:port` it answers on. */
  url: string
  server: ServerType
  /** Stops listening, closes terminals, and destroys sessions (all, or only expired ones: see `cleanupOnShutdown`). */
  close(reason: string): Promise<void>
}

/** Adopts stored sessions and sweeps orphaned sandboxes, then serves the app; resolves once it listens. */
export async function startServer({
  port,
  host,
  reapIntervalMs,
  cleanupOnShutdown = true,
  ...deps
}: StartServerOptions): Promise<RunningServer> {
  const { sessions, logger } = deps
  await sessions.adopt()
  // The app is built once the port is known, since it names the default allowed origins; nothing
  // is answered before that (the continuation runs before any connection is read).
  let fetchApp: (request: Request, env: unknown) => Response | Promise<Response> = () =>
    new Response(null, { status: 503 })
  const server = await new Promise<ServerType>((resolve) => {
    const listening = serve({ fetch: (request, env) => fetchApp(request, env), port, hostname: host }, () =>
      resolve(listening),
    )
  })
  const address = server.address() as AddressInfo
  const { app, injectWebSocket, wss, closePreviews, diskWatcher } = createApp({ ...deps, settings: { ...deps.settings, port: address.port } })
  fetchApp = app.fetch
  injectWebSocket(server)
  const stopReaper = sessions.startReaper(reapIntervalMs)
  const stopDiskWatcher = diskWatcher.start(deps.settings.diskWatchIntervalMs)
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
  logger.info('server.listening', { url, isolation: deps.provider.isolation })

  async function close(reason: string): Promise<void> {
    logger.info('server.stopping', { reason })
    stopReaper()
    stopDiskWatcher()
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    for (const client of wss.clients) client.close(1001, 'server shutting down')
    closePreviews()
    // A session that finished starting after the clean-up would outlive the server unrecorded.
    await sessions.stopCreating()
    if (cleanupOnShutdown) await sessions.destroyAll('shutdown')
    else await sessions.reapExpired()
    await sessions.drainPool()
    if ('closeAllConnections' in server) server.closeAllConnections()
    await closed
    logger.info('server.stopped', { reason })
  }
  return { url, server, close }
}
