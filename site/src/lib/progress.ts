/**
 * @module The learner's progress: which exercises (and quizzes) they passed and which lessons they
 * opened, under an anonymous learner id, kept in localStorage so badges, sidebar marks and the home
 * page's "이어서 학습하기" survive reloads. Every read and write goes through this module and every
 * change is announced with one DOM event (other tabs learn through the `storage` event).
 *
 * The server keeps a copy (`PUT /api/learner/progress`, docs/api.md) under the learner id, which is
 * the learner's secret key (128 random bits, sent as a Bearer token, never in a URL): the progress
 * outlives a sandbox, and a browser given the same id gets it back. `startProgressSync` sends what
 * the server lacks and takes in what it has; both sides keep each item's earliest time, so the
 * copies converge whatever the order.
 *
 * A lesson is finished when all its exercises are passed; one without exercises, once opened.
 */
import type { BrowserStorage } from './browser-storage.ts'

export const PROGRESS_STORAGE_KEY = 'docker-classroom:progress'
const CHANGE_EVENT = 'docker-classroom:progress-change'

export interface Progress {
  /** Random, made on first use; names nobody. */
  learnerId: string
  /** `<lessonId>/<exerciseId>` → ISO time of the first pass. */
  passed: Record<string, string>
  /** `<lessonId>` → ISO time the lesson was first opened. */
  visited: Record<string, string>
}

/** What progress needs to know about a lesson. */
export interface LessonOutline {
  id: string
  exerciseIds: readonly string[]
}

export interface LessonProgress {
  done: number
  total: number
  finished: boolean
}

/** A learner id as `newLearnerId` makes it, and as the server accepts it as a key; any other is replaced. */
const LEARNER_ID = /^[0-9a-f]{32}$/

/** 128 random bits in hex; `getRandomValues` also works on plain-http pages, unlike `randomUUID`. */
function newLearnerId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('')
}

function stringRecord(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {}
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
}

function parse(text: string | null): Partial<Progress> {
  try {
    const value: unknown = JSON.parse(text ?? '{}')
    return typeof value === 'object' && value !== null ? (value as Partial<Progress>) : {}
  } catch {
    return {}
  }
}

/** The stored progress; an unreadable record counts as empty, and a missing or malformed learner id is made anew and stored. */
export function readProgress(storage: BrowserStorage): Progress {
  const stored = parse(storage.getItem(PROGRESS_STORAGE_KEY))
  const progress = {
    learnerId: typeof stored.learnerId === 'string' && LEARNER_ID.test(stored.learnerId) ? stored.learnerId : newLearnerId(),
    passed: stringRecord(stored.passed),
    visited: stringRecord(stored.visited),
  }
  if (progress.learnerId !== stored.learnerId) storage.setItem(PROGRESS_STORAGE_KEY, JSON.stringify(progress))
  return progress
}

/** The learner key in `text` (spaces around and upper case forgiven), or null when it is not one. */
export function parseLearnerKey(text: string): string | null {
  const key = text.trim().toLowerCase()
  return LEARNER_ID.test(key) ? key : null
}

/**
 * Makes `learnerId` (a key from another browser) this browser's learner key. What this browser
 * recorded stays and goes to the server under the new key at the next exchange, where the two
 * records are merged; the page reloads to start that exchange.
 */
export function adoptLearnerId(storage: BrowserStorage, learnerId: string): void {
  storage.setItem(PROGRESS_STORAGE_KEY, JSON.stringify({ ...readProgress(storage), learnerId }))
}

export interface MarkOptions {
  at?: Date
  /** Where the change is announced; the page's `window` in the browser. */
  events?: EventTarget
}

/** Records `key` in `record` at the time of `options.at` unless it is there already, and announces the change. */
function mark(storage: BrowserStorage, record: 'passed' | 'visited', key: string, { at = new Date(), events }: MarkOptions): void {
  const progress = readProgress(storage)
  if (key in progress[record]) return
  progress[record][key] = at.toISOString()
  storage.setItem(PROGRESS_STORAGE_KEY, JSON.stringify(progress))
  events?.dispatchEvent(new Event(CHANGE_EVENT))
}

/** Records a pass; the first pass's time is kept. */
export function markPassed(storage: BrowserStorage, lessonId: string, exerciseId: string, options: MarkOptions = {}): void {
  mark(storage, 'passed', `${lessonId}/${exerciseId}`, options)
}

/** Records that a lesson was opened; the first visit's time is kept. */
export function markVisited(storage: BrowserStorage, lessonId: string, options: MarkOptions = {}): void {
  mark(storage, 'visited', lessonId, options)
}

export function hasPassed(progress: Progress, lessonId: string, exerciseId: string): boolean {
  return `${lessonId}/${exerciseId}` in progress.passed
}

export function lessonProgress(progress: Progress, lesson: LessonOutline): LessonProgress {
  const total = lesson.exerciseIds.length
  const done = lesson.exerciseIds.filter((exerciseId) => hasPassed(progress, lesson.id, exerciseId)).length
  return { done, total, finished: total === 0 ? lesson.id in progress.visited : done === total }
}

/** Whether the learner has done anything yet: passed an exercise or opened a lesson. */
export function hasStarted(progress: Progress): boolean {
  return Object.keys(progress.passed).length > 0 || Object.keys(progress.visited).length > 0
}

/** The first lesson, in course order, that is not finished; `null` when all are. */
export function nextLesson<T extends LessonOutline>(progress: Progress, lessons: readonly T[]): T | null {
  return lessons.find((lesson) => !lessonProgress(progress, lesson).finished) ?? null
}

/**
 * Calls `listener` whenever progress changes, in this tab (`events`, the target `markPassed` and
 * `markVisited` were given) or in another tab (through `window`'s `storage` event). Returns the
 * unsubscribe function.
 */
export function onProgressChange(listener: () => void, events: EventTarget = window): () => void {
  const onStorage = (event: Event) => {
    if ((event as StorageEvent).key === PROGRESS_STORAGE_KEY) listener()
  }
  events.addEventListener(CHANGE_EVENT, listener)
  events.addEventListener('storage', onStorage)
  return () => {
    events.removeEventListener(CHANGE_EVENT, listener)
    events.removeEventListener('storage', onStorage)
  }
}

/** Where the server keeps the learner's progress. */
export const PROGRESS_API = '/api/learner/progress'
/** Wait after a change before sending it, so a burst of changes is sent once. */
export const SYNC_DELAY_MS = 500
/** Wait before sending again after a failure the server did not put a time on. */
export const SYNC_RETRY_MS = 30_000

type ItemTimes = Record<string, string>
type SyncedRecords = Pick<Progress, 'passed' | 'visited'>

/** Copies into `into` each item of `from` that it lacks or has at a later time; true when it changed. */
function adoptEarlier(into: ItemTimes, from: ItemTimes): boolean {
  let changed = false
  for (const [item, at] of Object.entries(from)) {
    if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) continue
    const known = into[item]
    if (known === undefined || Date.parse(at) < Date.parse(known)) {
      into[item] = at
      changed = true
    }
  }
  return changed
}

/** Whether `local` holds an item `known` lacks or has at a later time. */
function aheadOf(local: SyncedRecords, known: SyncedRecords): boolean {
  const copy = { passed: { ...known.passed }, visited: { ...known.visited } }
  return adoptEarlier(copy.passed, local.passed) || adoptEarlier(copy.visited, local.visited)
}

export interface SyncOptions {
  fetch?: typeof fetch
  /** Where a change taken in from the server is announced; the page's `window` in the browser. */
  events?: EventTarget
}

/**
 * How one exchange with the server went: what was sent and answered (`known`: the server has it, or
 * dropped it as not in its course), or `retryAfterMs` when it should be tried again later.
 */
export type SyncOutcome = { ok: true; known: SyncedRecords } | { ok: false; retryAfterMs: number }

/**
 * Sends the local progress to the server and stores what the server answers (the merge of both),
 * announcing a change when the server knew something this browser did not.
 */
export async function syncProgress(storage: BrowserStorage, { fetch: fetchImpl = fetch, events }: SyncOptions = {}): Promise<SyncOutcome> {
  const local = readProgress(storage)
  let response: Response
  try {
    response = await fetchImpl(PROGRESS_API, {
      method: 'PUT',
      headers: { authorization: `Bearer ${local.learnerId}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ passed: local.passed, visited: local.visited }),
    })
  } catch {
    return { ok: false, retryAfterMs: SYNC_RETRY_MS }
  }
  if (!response.ok) {
    const seconds = Number(response.headers.get('retry-after'))
    return { ok: false, retryAfterMs: seconds > 0 ? seconds * 1000 : SYNC_RETRY_MS }
  }
  const answer = (await response.json().catch(() => null)) as Partial<SyncedRecords> | null
  const server = { passed: stringRecord(answer?.passed), visited: stringRecord(answer?.visited) }
  // Read again: the page may have recorded something while the request was out.
  const current = readProgress(storage)
  const changed = [adoptEarlier(current.passed, server.passed), adoptEarlier(current.visited, server.visited)].includes(true)
  if (changed) {
    storage.setItem(PROGRESS_STORAGE_KEY, JSON.stringify(current))
    events?.dispatchEvent(new Event(CHANGE_EVENT))
  }
  const known = { passed: { ...local.passed }, visited: { ...local.visited } }
  adoptEarlier(known.passed, server.passed)
  adoptEarlier(known.visited, server.visited)
  return { ok: true, known }
}

export interface SyncTimers {
  setTimer: (callback: () => void, ms: number) => unknown
  clearTimer: (timer: unknown) => void
}

const browserTimers: SyncTimers = {
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
}

/**
 * Keeps the server's copy in step for as long as the page is open: one exchange now (which also
 * brings in progress made elsewhere), then one after each local change the server does not have
 * yet. Returns the function that stops it.
 */
export function startProgressSync(
  storage: BrowserStorage,
  { fetch: fetchImpl, events = window, setTimer, clearTimer }: SyncOptions & Partial<SyncTimers> = {},
): () => void {
  const timers = { ...browserTimers, ...(setTimer && clearTimer ? { setTimer, clearTimer } : {}) }
  /** What the server has been sent or has answered: a local item outside it is new. */
  let known: SyncedRecords | null = null
  let timer: unknown = null
  let running = false
  let stopped = false

  function schedule(ms: number): void {
    if (timer !== null) timers.clearTimer(timer)
    timer = timers.setTimer(() => void run(), ms)
  }

  async function run(): Promise<void> {
    timer = null
    if (running || stopped) return
    running = true
    const outcome = await syncProgress(storage, { fetch: fetchImpl, events })
    running = false
    if (stopped) return
    if (!outcome.ok) return schedule(outcome.retryAfterMs)
    known = outcome.known
    // Something recorded while the request was out still has to go.
    if (aheadOf(readProgress(storage), known)) schedule(SYNC_DELAY_MS)
  }

  const unsubscribe = onProgressChange(() => {
    // A change while a request is out (the answer's own items among them) is looked at when it returns.
    if (!running && (known === null || aheadOf(readProgress(storage), known))) schedule(SYNC_DELAY_MS)
  }, events)
  void run()
  return () => {
    stopped = true
    unsubscribe()
    if (timer !== null) timers.clearTimer(timer)
  }
}
