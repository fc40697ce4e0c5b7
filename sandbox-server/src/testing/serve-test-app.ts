/** @module Serves a unit-test app over real HTTP and WebSocket upgrades, for tests a plain `app.request` cannot drive. */
import { silentLogger } from '../logger.ts'
import { startServer, type RunningServer } from '../server.ts'
import type { TestApp } from './test-app.ts'

/** `test`'s app on a free port of 127.0.0.1, with no lessons and a registry that always answers. */
export function serveTestApp(test: TestApp): Promise<RunningServer> {
  return startServer({
    sessions: test.sessions,
    tickets: test.tickets,
    classroom: test.classroom,
    provider: test.provider,
    lessons: [],
    settings: test.settings,
    logger: silentLogger,
    pingRegistry: async () => {},
    port: 0,
    host: '127.0.0.1',
    reapIntervalMs: 60_000,
  })
}
