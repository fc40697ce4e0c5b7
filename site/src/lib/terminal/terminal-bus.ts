/**
 * @module How any script on the page types a command into the lesson's terminal, without importing
 * the terminal island: `runInTerminal('docker ps')` dispatches a DOM event that the terminal listens
 * for. A DOM event (not a module-level list) keeps working even if two bundles each carry a copy of
 * this module.
 */

const RUN_EVENT = 'docker-classroom:run-in-terminal'

/** Types `command` into the terminal and presses Enter. Does nothing when no terminal is on the page. */
export function runInTerminal(command: string, target: EventTarget = window): void {
  target.dispatchEvent(new CustomEvent<string>(RUN_EVENT, { detail: command }))
}

/** Calls `listener` with every command passed to `runInTerminal`; returns the unsubscribe function. */
export function onRunInTerminal(listener: (command: string) => void, target: EventTarget = window): () => void {
  const handle = (event: Event) => listener((event as CustomEvent<string>).detail)
  target.addEventListener(RUN_EVENT, handle)
  return () => target.removeEventListener(RUN_EVENT, handle)
}
