/**
 * @module A minimal framework-free observable value. Islands (React) and plain page scripts share
 * state through it; React reads it with `useSyncExternalStore(store.subscribe, store.get)`.
 */

export interface Store<T> {
  get(): T
  set(value: T): void
  /** Calls `listener` after every `set`; returns the function that unsubscribes it. */
  subscribe(listener: () => void): () => void
}

export function createStore<T>(initial: T): Store<T> {
  let value = initial
  const listeners = new Set<() => void>()
  return {
    get: () => value,
    set(next) {
      value = next
      for (const listener of [...listeners]) listener()
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
