/**
 * @module A way out of the terminal for keyboard users: xterm.js keeps Tab for the shell (command
 * completion), so Tab alone cannot move focus on. Escape followed by Tab leaves the terminal instead
 * (Shift+Tab backwards). The Escape is held back until the next key: before Tab it is dropped, so
 * the shell never sees a lone Escape that would turn the learner's next key into a Meta shortcut;
 * before any other key, or after a short wait (Escape alone, as in vi), it is sent as typed.
 *
 * Use it as xterm's custom key handler: `terminal.attachCustomKeyEventHandler(escape.handle)`.
 */

export interface FocusEscapeOptions {
  /** Sends a held-back Escape to the shell (xterm's `input('\x1b')`). */
  sendEscape: () => void
  /** How long an Escape waits for a Tab. */
  waitMs?: number
  setTimer?: (callback: () => void, ms: number) => unknown
  clearTimer?: (timer: unknown) => void
}

export class FocusEscape {
  readonly #sendEscape: () => void
  readonly #waitMs: number
  readonly #setTimer: NonNullable<FocusEscapeOptions['setTimer']>
  readonly #clearTimer: NonNullable<FocusEscapeOptions['clearTimer']>
  #held: unknown = null

  constructor({
    sendEscape,
    waitMs = 400,
    setTimer = (callback, ms) => setTimeout(callback, ms),
    clearTimer = (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
  }: FocusEscapeOptions) {
    this.#sendEscape = sendEscape
    this.#waitMs = waitMs
    this.#setTimer = setTimer
    this.#clearTimer = clearTimer
  }

  /** xterm's custom key handler: false keeps the key from the terminal (and leaves it to the browser). */
  readonly handle = (event: KeyboardEvent): boolean => {
    if (event.type !== 'keydown' || ['Shift', 'Control', 'Alt', 'Meta'].includes(event.key)) return true
    const held = this.#held !== null
    if (held) {
      this.#clearTimer(this.#held)
      this.#held = null
    }
    if (event.key === 'Tab' && held) return false
    if (held) this.#sendEscape()
    if (event.key === 'Escape' && !event.ctrlKey && !event.altKey && !event.metaKey) {
      this.#held = this.#setTimer(() => {
        this.#held = null
        this.#sendEscape()
      }, this.#waitMs)
      return false
    }
    return true
  }

  /** Forgets a held Escape, e.g. when the terminal is disposed. */
  dispose(): void {
    if (this.#held !== null) this.#clearTimer(this.#held)
    this.#held = null
  }
}
