/**
 * @module Reading and typing into the site's xterm.js terminal the way a learner does: keystrokes
 * go to the terminal's hidden textarea, and what it shows is read from its rendered rows.
 */
import type { Page } from 'playwright-core'

const ROWS = '[data-testid="terminal"] .xterm-rows'

/** The terminal's visible text with all white space removed (wide Hangul cells render padded). */
export async function terminalText(page: Page): Promise<string> {
  const text = await page.locator(ROWS).innerText()
  return text.replace(/\s+/g, '')
}

/** Waits until the terminal shows `expected` at least `times` times (white space ignored). */
export async function waitForTerminalText(page: Page, expected: string, { times = 1, timeoutMs = 60_000 } = {}) {
  const needle = expected.replace(/\s+/g, '')
  const deadline = Date.now() + timeoutMs
  let text = ''
  while (Date.now() < deadline) {
    text = await terminalText(page)
    if (text.split(needle).length - 1 >= times) return
    await page.waitForTimeout(200)
  }
  throw new Error(`the terminal did not show "${expected}" ${times}× within ${timeoutMs} ms; it shows:\n${text.slice(-2000)}`)
}

/** Focuses the terminal and types `command` followed by Enter. */
export async function typeInTerminal(page: Page, command: string): Promise<void> {
  await page.locator('[data-testid="terminal"] textarea').focus()
  await page.keyboard.type(command)
  await page.keyboard.press('Enter')
}
