/**
 * @module Starts the sandbox server: reads the settings, loads the course, connects to the host
 * engine, opens the session database, and serves until SIGINT or SIGTERM, when it stops
 * listening and exits, leaving live workstations for the next start to adopt.
 */
import { loadCourseWithPack, workspaceFiles } from '@docker-classroom/lessons'
import { ClassroomService } from './classroom/service.ts'
import { PostgresClassroomStore } from './classroom/postgres-classroom-store.ts'
import { SqliteClassroomStore } from './classroom/store.ts'
import { createLogger } from './logger.ts'
import { createMetrics } from './metrics.ts'
import { createDockerProvider } from './sandbox/docker/index.ts'
import { startServer } from './server.ts'
import { SessionManager } from './sessions/session-manager.ts'
import { SqliteLearnerProgressStore } from './sessions/learner-progress-store.ts'
import { openPostgresDatabase } from './sessions/postgres-database.ts'
import { PostgresLearnerProgressStore } from './sessions/postgres-learner-progress-store.ts'
import { PostgresSessionStore } from './sessions/postgres-session-store.ts'
import { SqliteSessionStore } from './sessions/sqlite-session-store.ts'
import { readSettings, sessionDatabasePath } from './settings.ts'

const logger = createLogger()

async function main(): Promise<void> {
  const settings = readSettings()
  const lessons = await loadCourseWithPack(settings.lessonsDir)
  const provider = await createDockerProvider({ settings, logger })
  // PostgreSQL when DATABASE_URL is set (one pool for the three stores), else the SQLite file.
  const postgres = settings.databaseUrl === undefined ? undefined : await openPostgresDatabase(settings.databaseUrl, { logger })
  const store = postgres ? await PostgresSessionStore.open(postgres) : new SqliteSessionStore(sessionDatabasePath(settings))
  const learnerProgress = postgres
    ? await PostgresLearnerProgressStore.open(postgres)
    : new SqliteLearnerProgressStore(sessionDatabasePath(settings))
  const classroomStore = postgres ? await PostgresClassroomStore.open(postgres) : new SqliteClassroomStore(sessionDatabasePath(settings))
  // Which database, never its URL: that carries the password.
  logger.info('database.chosen', postgres ? { database: 'postgresql' } : { database: 'sqlite', file: sessionDatabasePath(settings) })
  const metrics = createMetrics({
    activeSessions: () => sessions.count(),
    processMetrics: true,
    pool: () => sessions.poolStatus(),
    isolation: provider.isolation,
  })
  const sessions = new SessionManager({
    store,
    provider,
    settings,
    logger,
    onEnded: metrics.sessionEnded,
    onPoolWorkstationStarted: (seconds) => metrics.poolRefillSeconds.observe(seconds),
    maxSessionsPerClient: settings.maxSessionsPerClient,
    poolSize: settings.poolSize,
    workspaceFiles: workspaceFiles(lessons),
  })
  const classroom = new ClassroomService({
    store: classroomStore,
    sessions,
    lessons,
    logger,
    operatorAccounts: settings.instructors,
  })
  const endOverdueClasses = setInterval(
    () => void classroom.endOverdue().catch((error: unknown) => logger.error('classroom.end-overdue-failed', { error })),
    settings.reapIntervalMs,
  )
  const running = await startServer({
    classroom,
    sessions,
    metrics,
    provider,
    lessons,
    settings,
    logger,
    learnerProgress,
    port: settings.port,
    host: settings.host,
    reapIntervalMs: settings.reapIntervalMs,
    cleanupOnShutdown: settings.cleanupOnShutdown,
  })
  // Besides the JSON log, the one line a person who ran `npm start` looks for.
  const { port } = new URL(running.url)
  process.stdout.write(`\n  도커 교실 → http://localhost:${port}/\n\n`)

  let stopping = false
  async function stop(signal: NodeJS.Signals): Promise<void> {
    if (stopping) return
    stopping = true
    clearInterval(endOverdueClasses)
    await running.close(signal)
    await store.close()
    await classroomStore.close()
    await learnerProgress.close()
    await postgres?.close()
    process.exit(0)
  }
  process.on('SIGINT', (signal) => void stop(signal))
  process.on('SIGTERM', (signal) => void stop(signal))
}

main().catch((error: unknown) => {
  logger.error('server.start-failed', { error })
  process.exit(1)
})
