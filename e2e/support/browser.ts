/**
 * @module Launches Debian's Chromium through playwright-core with the flags this closed network
 * needs (no background connections, no sandbox as root, no GPU), and deletes the session a page
 * made (a stopping server leaves live workstations for the next start, so tests delete their own).
 */
import { chromium, type Browser, type Page } from 'playwright-core'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

/** Key under which the site keeps its session in sessionStorage (`site/src/lib/session`). */
const SESSION_STORAGE_KEY = 'docker-classroom:session'

/** The session `page` keeps in its sessionStorage, or null when it has none yet. */
export async function pageSession(page: Page): Promise<{ id: string; token: string } | null> {
  const stored = await page.evaluate((key) => window.sessionStorage.getItem(key), SESSION_STORAGE_KEY)
  return stored ? (JSON.parse(stored) as { id: string; token: string }) : null
}

/**
 * Deletes the session `page` opened, through the API, as the learner could.
 * @returns the id of the deleted session, or null when the page has none
 * @throws Error when the server refuses the DELETE
 */
export async function deletePageSession(page: Page, baseUrl: string): Promise<string | null> {
  const session = await pageSession(page)
  if (!session) return null
  const { id, token } = session
  const response = await fetch(`${baseUrl}/api/sessions/${id}`, {
    method: 'DELETE',
    headers: { Authorization: `Bearer ${token}` },
  })
  if (response.status !== 204) throw new Error(`DELETE of the page's session ${id} answered ${response.status}`)
  return id
}
