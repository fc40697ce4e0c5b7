/**
 * @module The page's localStorage, or a stand-in kept in memory (for this page only) where the
 * browser refuses storage (disabled cookies, some private modes), so what reads and writes it keeps
 * working without it.
 */

export type BrowserStorage = Pick<Storage, 'getItem' | 'setItem'>

let memoryStorage: BrowserStorage | null = null

export function browserStorage(): BrowserStorage {
  try {
    window.localStorage.getItem('docker-classroom:probe')
    return window.localStorage
  } catch {
    const items = new Map<string, string>()
    memoryStorage ??= { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) }
    return memoryStorage
  }
}
