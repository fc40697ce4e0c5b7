/**
 * @module Which exercises the learner has passed, kept in localStorage (one JSON object keyed
 * `<lessonId>/<exerciseId>`, valued with the time of the first pass) so badges survive reloads.
 */

export const PROGRESS_STORAGE_KEY = 'docker-classroom:passed-exercises'

type ProgressStorage = Pick<Storage, 'getItem' | 'setItem'>

function read(storage: ProgressStorage): Record<string, string> {
  try {
    const value: unknown = JSON.parse(storage.getItem(PROGRESS_STORAGE_KEY) ?? '{}')
    return typeof value === 'object' && value !== null ? (value as Record<string, string>) : {}
  } catch {
    return {}
  }
}

export function hasPassed(storage: ProgressStorage, lessonId: string, exerciseId: string): boolean {
  return `${lessonId}/${exerciseId}` in read(storage)
}

export function markPassed(storage: ProgressStorage, lessonId: string, exerciseId: string, at = new Date()): void {
  const passed = read(storage)
  passed[`${lessonId}/${exerciseId}`] ??= at.toISOString()
  storage.setItem(PROGRESS_STORAGE_KEY, JSON.stringify(passed))
}
