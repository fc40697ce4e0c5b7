/**
 * @module The learner's progress: which exercises they passed and which lessons they opened, under
 * an anonymous learner id, kept in localStorage so badges, sidebar marks and the home page's
 * "이어서 학습하기" survive reloads. Every read and write goes through this module and every
 * change is announced with one DOM event (other tabs learn through the `storage` event), so a
 * server-side copy later needs only `learnerId` and `onProgressChange` here.
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

/** The stored progress; an unreadable record counts as empty, and a missing learner id is made and stored. */
export function readProgress(storage: BrowserStorage): Progress {
  const stored = parse(storage.getItem(PROGRESS_STORAGE_KEY))
  const progress = {
    learnerId: typeof stored.learnerId === 'string' && stored.learnerId ? stored.learnerId : newLearnerId(),
    passed: stringRecord(stored.passed),
    visited: stringRecord(stored.visited),
  }
  if (progress.learnerId !== stored.learnerId) storage.setItem(PROGRESS_STORAGE_KEY, JSON.stringify(progress))
  return progress
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
