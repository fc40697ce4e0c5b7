/**
 * @module Builds the server's Hono app from its dependencies, without listening: the API under
 * `/api`, `/healthz`, the terminal WebSocket, the port preview under `/preview` and the static site,
 * with one error handler. `main.ts` serves it; tests call `app.request()`.
 */
import { randomBytes } from 'node:crypto'
import { createNodeWebSocket, type NodeWebSocket } from '@hono/node-ws'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { except } from 'hono/combine'
import { REGISTRY_HOST_URL } from '@docker-classroom/catalog'
import type { Lesson } from '@docker-classroom/lessons'
import { SandboxError } from './errors.ts'
import type { Logger } from './logger.ts'
import { apiNotFound, errorHandler } from './middleware/error-handler/index.ts'
import { defaultAllowedOrigins } from './middleware/origin-check/index.ts'
import { measure } from './middleware/measure/index.ts'
import { rateLimit } from './middleware/rate-limit/index.ts'
import { createMetrics, type Metrics } from './metrics.ts'
import { mirrorRoutes } from './classroom/mirror.ts'
import { classRoutes, instructorRoutes, memberRoutes } from './classroom/routes.ts'
import { ClassroomService } from './classroom/service.ts'
import { SqliteClassroomStore } from './classroom/store.ts'
import { checkRoutes } from './routes/checks.ts'
import { eventRoutes } from './routes/events.ts'
import { fileRoutes } from './routes/files.ts'
import { healthRoutes, pingRegistry } from './routes/health.ts'
import { inventoryRoutes } from './routes/inventory.ts'
import { lessonRoutes } from './routes/lessons.ts'
import { metricsRoutes } from './routes/metrics.ts'
import { openApiRoutes } from './routes/openapi.ts'
import { previewAccessRoutes, previewProxyRoutes, previewUpgrades } from './routes/preview.ts'
import { progressRoutes } from './routes/progress.ts'
import { sessionRoutes } from './routes/sessions.ts'
import { siteRoutes } from './routes/site.ts'
import { terminalRoutes } from './routes/terminal.ts'
import { ticketRoutes } from './routes/tickets.ts'
import type { SandboxProvider } from './sandbox/provider.ts'
import { SqliteLearnerProgressStore, type LearnerProgressStore } from './sessions/learner-progress-store.ts'
import { DiskWatcher } from './sessions/disk-watcher.ts'
import type { SessionManager } from './sessions/session-manager.ts'
import { TicketBook } from './sessions/tickets.ts'
import type { Settings } from './settings.ts'

export interface AppDeps {
  sessions: SessionManager
  provider: SandboxProvider
  lessons: readonly Lesson[]
  /** `port` is the one the server really listens on: it names the default allowed origins. */
  settings: Pick<
    Settings,
    | 'siteDir'
    | 'bodyLimitBytes'
    | 'terminalHighWaterBytes'
    | 'ticketTtlMs'
    | 'port'
    | 'publicUrl'
    | 'allowedOrigins'
    | 'sessionCreatesPerMinute'
    | 'sessionCreateBurst'
    | 'diskWatchIntervalMs'
  >
  logger: Logger
  /** Terminal tickets; a book with `settings.ticketTtlMs` by default. */
  tickets?: TicketBook
  /**
   * Prometheus instruments served at `/metrics`; new ones counting `sessions` by default. Pass the
   * ones whose `sessionEnded` the session manager calls, so ended sessions are counted too.
   */
  metrics?: Metrics
  /** Watches sandboxes' disks against their quota; one counting into `metrics` by default. */
  diskWatcher?: DiskWatcher
  /** Key of the preview credentials; random per process by default. */
  previewSecret?: Uint8Array
  /** Resolves when the catalog registry answers; the registry on its host port by default. */
  pingRegistry?: () => Promise<void>
  /** Classroom workshops; `main.ts` passes one on its own database, tests get one in memory. */
  classroom?: ClassroomService
  /** Learners' progress; `main.ts` passes the one in the session database, tests get one in memory. */
  learnerProgress?: LearnerProgressStore
}

/** The app and the hook that lets an HTTP server upgrade its terminal and preview WebSockets. */
export interface ClassroomApp {
  app: Hono
  /** Attaches WebSocket upgrades (terminal and preview) to the server that serves `app`. */
  injectWebSocket: NodeWebSocket['injectWebSocket']
  /** The WebSocket server, so shutdown can close open terminals. */
  wss: NodeWebSocket['wss']
  /** Ends open preview WebSockets, at shutdown. */
  closePreviews(): void
  /** The disk watcher whose notices the session route reports; the server starts it. */
  diskWatcher: DiskWatcher
}

/** Largest terminal frame accepted (keystrokes and pastes); a larger one closes its socket with 1009. */
export const TERMINAL_MAX_FRAME_BYTES = 1024 * 1024

/** Builds the app. */
export function createApp({
  sessions,
  provider,
  lessons,
  settings,
  logger,
  tickets = new TicketBook({ ttlMs: settings.ticketTtlMs }),
  metrics = createMetrics({ activeSessions: () => sessions.count(), pool: () => sessions.poolStatus(), isolation: provider.isolation }),
  diskWatcher = new DiskWatcher({ sessions, provider, logger, quotaHits: metrics.diskQuotaHits }),
  previewSecret = randomBytes(32),
  pingRegistry: registryPing = () => pingRegistry(REGISTRY_HOST_URL),
  learnerProgress = new SqliteLearnerProgressStore(':memory:'),
  classroom = new ClassroomService({ store: new SqliteClassroomStore(':memory:'), sessions, lessons, logger }),
}: AppDeps): ClassroomApp {
  const app = new Hono()
  const { upgradeWebSocket, injectWebSocket, wss } = createNodeWebSocket({ app })
  // @hono/node-ws takes no options: ws would otherwise buffer frames of up to 100 MiB per terminal.
  wss.options.maxPayload = TERMINAL_MAX_FRAME_BYTES
  const previewDeps = { sessions, provider, secret: previewSecret, logger }
  const mirrorTickets = new TicketBook({ ttlMs: settings.ticketTtlMs })
  const allowedOrigins = settings.allowedOrigins ?? defaultAllowedOrigins(settings.port, settings.publicUrl)

  const api = new Hono()
    .use(
      // The editor saves larger bodies; its route sets its own limit.
      except(
        '/api/sessions/:id/files',
        bodyLimit({
          maxSize: settings.bodyLimitBytes,
          onError() {
            throw new SandboxError({ code: 'body_too_large', status: 413, message: 'request.tooLarge' })
          },
        }),
      ),
    )
    .post(
      '/sessions',
      rateLimit({ perMinute: settings.sessionCreatesPerMinute, burst: settings.sessionCreateBurst, message: 'session.rateLimited' }),
      measure({ seconds: metrics.createSeconds, outcomes: metrics.sessionCreations }),
    )
    .post('/sessions/:id/checks/:lessonId/:exerciseId', measure({ seconds: metrics.checkSeconds }))
    .route('/sessions', sessionRoutes({ sessions, diskNotices: diskWatcher }))
    .route(
      '/sessions',
      checkRoutes({ sessions, provider, lessons, logger, onGraded: (grade) => classroom.recordCheck(grade) }),
    )
    .route('/sessions', fileRoutes({ sessions, provider }))
    .route('/sessions', eventRoutes({ sessions, provider, logger }))
    .route('/sessions', inventoryRoutes({ sessions, provider }))
    .route('/sessions', previewAccessRoutes({ sessions, provider, secret: previewSecret }))
    .route('/sessions', ticketRoutes({ sessions, tickets }))
    .route(
      '/sessions',
      terminalRoutes({
        sessions,
        tickets,
        provider,
        allowedOrigins,
        upgradeWebSocket,
        highWaterBytes: settings.terminalHighWaterBytes,
        logger,
        metrics,
      }),
    )
    .route('/lessons', lessonRoutes({ lessons }))
    .route('/learner', progressRoutes({ store: learnerProgress, lessons }))
    .route('/instructor', instructorRoutes({ classroom }))
    .route('/classes', classRoutes({ classroom, mirrorTickets }))
    .route('/classroom', memberRoutes({ classroom }))
    .route(
      '/classroom',
      mirrorRoutes({
        classroom,
        sessions,
        provider,
        tickets: mirrorTickets,
        allowedOrigins,
        upgradeWebSocket,
        highWaterBytes: settings.terminalHighWaterBytes,
        logger,
      }),
    )
    .route('/', openApiRoutes())
    .all('*', apiNotFound)

  app
    .route('/api', api)
    .route('/preview', previewProxyRoutes(previewDeps))
    .route('/healthz', healthRoutes({ provider, pingRegistry: registryPing, logger, pool: () => sessions.poolStatus() }))
    .route('/metrics', metricsRoutes({ registry: metrics.registry }))
    .route('/', siteRoutes({ siteDir: settings.siteDir }))
    .onError(errorHandler({ logger, errors: metrics.errors }))
  const previews = previewUpgrades(injectWebSocket, previewDeps)
  return { app, injectWebSocket: previews.inject, wss, closePreviews: previews.closeAll, diskWatcher }
}
