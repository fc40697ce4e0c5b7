/**
 * @module Starts the sandbox server: reads the settings, loads the course, connects to the host
 * engine, and serves until SIGINT or SIGTERM, when it destroys every session and exits.
 */
import { loadCourse } from '@docker-classroom/lessons'
import { createLogger } from './logger.ts'
import { createDockerProvider } from './sandbox/docker/index.ts'
import { startServer } from './server.ts'
import { SessionManager } from './sessions/session-manager.ts'
import { MemorySessionStore } from './sessions/store.ts'
import { readSettings } from './settings.ts'

const logger = createLogger()

async function main(): Promise<void> {
  const settings = readSettings()
  const lessons = await loadCourse()
  const provider = await createDockerProvider({ settings, logger })
  const sessions = new SessionManager({ store: new MemorySessionStore(), provider, settings, logger })
  const running = await startServer({
    sessions,
    provider,
    lessons,
    settings,
    logger,
    port: settings.port,
    host: settings.host,
    reapIntervalMs: settings.reapIntervalMs,
  })

  let stopping = false
  async function stop(signal: NodeJS.Signals): Promise<void> {
    if (stopping) return
    stopping = true
    await running.close(signal)
    process.exit(0)
  }
  process.on('SIGINT', (signal) => void stop(signal))
  process.on('SIGTERM', (signal) => void stop(signal))
}

main().catch((error: unknown) => {
  logger.error('server.start-failed', { error })
  process.exit(1)
})
