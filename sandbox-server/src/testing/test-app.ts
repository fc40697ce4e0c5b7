/**
 * @module Builds the app on the fake provider for unit tests, with lesson 1 of the real course, a clock the
 * test can move, and the log lines kept for assertions.
 */
import path from 'node:path'
import { BUILTIN_COURSE_DIR, loadLessonFolder, type Lesson } from '@docker-classroom/lessons'
import { createApp, type ClassroomApp } from '../app.ts'
import { ClassroomService } from '../classroom/service.ts'
import type { ClassroomStore } from '../classroom/store.ts'
import { createLogger } from '../logger.ts'
import { createMetrics, type Metrics } from '../metrics.ts'
import { FakeProvider } from '../sandbox/fake/index.ts'
import { SessionManager } from '../sessions/session-manager.ts'
import { MemorySessionStore, type SessionStore } from '../sessions/store.ts'
import { TicketBook } from '../sessions/tickets.ts'
import { SettingsSchema, type Settings } from '../settings.ts'
import { testClassroomStore } from './postgres-test-database.ts'

let course: Promise<Lesson[]> | undefined

/**
 * Lesson 1 alone, as the course loader would read it: the unit tests grade with its real checks but
 * must not depend on lessons still being written next to it.
 */
export async function loadLessonOne(): Promise<Lesson[]> {
  return [await loadLessonFolder(path.join(BUILTIN_COURSE_DIR, '01-first-container'))]
}

/** Everything a route test touches. */
export interface TestApp extends ClassroomApp {
  provider: FakeProvider
  sessions: SessionManager
  tickets: TicketBook
  metrics: Metrics
  classroom: ClassroomService
  settings: Settings
  /** Parsed log lines, oldest first. */
  logs: Record<string, unknown>[]
  /** The clock, in epoch milliseconds; tests may set it. */
  clock: { now: number }
  /** The databases; a second app on the same ones is the server after a restart. */
  stores: TestStores
  /** Whether the fake registry answers. */
  registry: { up: boolean }
  /** Creates a session through the API and returns its answer. */
  createSession(): Promise<{ id: string; token: string; expiresAt: string }>
}

export interface TestStores {
  sessions: SessionStore
  classroom: ClassroomStore
}

/** An app on a FakeProvider; `overrides` change settings (given as parsed values); new stores unless given. */
export async function createTestApp(
  {
    provider = new FakeProvider(),
    overrides = {},
    stores,
  }: { provider?: FakeProvider; overrides?: Partial<Settings>; stores?: TestStores } = {},
): Promise<TestApp> {
  const usedStores = stores ?? { sessions: new MemorySessionStore(), classroom: await testClassroomStore() }
  course ??= loadLessonOne()
  // Every `app.request()` comes from the same unknown client: only the rate-limit tests want a limit.
  const settings = { ...SettingsSchema().parse({}), sessionCreateBurst: 1000, maxSessionsPerClient: 1000, ...overrides }
  const logs: Record<string, unknown>[] = []
  const logger = createLogger((line) => logs.push(JSON.parse(line) as Record<string, unknown>))
  const clock = { now: Date.parse('2030-01-01T00:00:00Z') }
  const registry = { up: true }
  const metrics = createMetrics({ activeSessions: () => sessions.count(), pool: () => sessions.poolStatus(), isolation: provider.isolation })
  const sessions = new SessionManager({
    store: usedStores.sessions,
    provider,
    settings,
    logger,
    now: () => clock.now,
    onEnded: metrics.sessionEnded,
    maxSessionsPerClient: settings.maxSessionsPerClient,
  })
  const tickets = new TicketBook({ ttlMs: settings.ticketTtlMs, now: () => clock.now })
  const lessons = await course
  const classroom = new ClassroomService({
    store: usedStores.classroom,
    sessions,
    lessons,
    logger,
    operatorAccounts: settings.instructors,
    now: () => clock.now,
  })
  const built = createApp({
    classroom,
    sessions,
    tickets,
    metrics,
    provider,
    lessons,
    settings,
    logger,
    pingRegistry: async () => {
      if (!registry.up) throw new Error('fake registry is down')
    },
  })
  async function createSession(): Promise<{ id: string; token: string; expiresAt: string }> {
    const response = await built.app.request('/api/sessions', { method: 'POST' })
    if (response.status !== 201) throw new Error(`POST /api/sessions answered ${response.status}`)
    return (await response.json()) as { id: string; token: string; expiresAt: string }
  }
  return { ...built, provider, sessions, tickets, metrics, settings, logs, clock, registry, classroom, stores: usedStores, createSession }
}

/** Headers carrying a bearer token. */
export function bearer(token: string): { Authorization: string } {
  return { Authorization: `Bearer ${token}` }
}
