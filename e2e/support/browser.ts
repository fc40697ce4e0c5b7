/**
 * @module Launches Debian's Chromium through playwright-core with the flags this closed network
 * needs (no background connections, no sandbox as root, no GPU), and deletes the session a page
 * made (a stopping server leaves live workstations for the next start, so tests delete their own).
 */
import { networkInterfaces } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import { chromium, type Browser, type Page, type Request } from 'playwright-core'

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

/** How many loads `loadDespiteNetworkChanges` tries before it gives up. */
const LOADS_DESPITE_NETWORK_CHANGES = 5
/** How long the host's addresses must stay the same before a page is loaded again. */
const NETWORKS_QUIET_MS = 1500
const NETWORKS_QUIET_TIMEOUT_MS = 30_000

/**
 * Resolves once the host's network addresses (what Chromium watches) have not changed for
 * NETWORKS_QUIET_MS, or after NETWORKS_QUIET_TIMEOUT_MS: several sandboxes starting together add
 * their networks one after another, and a reload in the middle of that burst is aborted again.
 */
async function hostNetworksSettled(): Promise<void> {
  const deadline = Date.now() + NETWORKS_QUIET_TIMEOUT_MS
  let last = JSON.stringify(networkInterfaces())
  let quietSince = Date.now()
  while (Date.now() - quietSince < NETWORKS_QUIET_MS && Date.now() < deadline) {
    await sleep(100)
    const now = JSON.stringify(networkInterfaces())
    if (now !== last) {
      last = now
      quietSince = Date.now()
    }
  }
}

/**
 * Runs `load` (a navigation) and waits for `ready`; when the host's networks changed meanwhile,
 * waits for them to settle, reloads and waits again, up to LOADS_DESPITE_NETWORK_CHANGES loads.
 * Making a workstation adds a Docker network on this host, and Chromium aborts the requests in
 * flight when the host's networks change (net::ERR_NETWORK_CHANGED): the page can lose a script
 * (an island, the progress marks). A learner's browser runs elsewhere and never sees those
 * changes; only tests on the server's host do.
 */
export async function loadDespiteNetworkChanges(page: Page, load: () => Promise<unknown>, ready: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const aborted: string[] = []
    let networkChanged = () => {}
    const changed = new Promise<'changed'>((resolve) => (networkChanged = () => resolve('changed')))
    const onFailed = (request: Request) => {
      if (request.failure()?.errorText !== 'net::ERR_NETWORK_CHANGED') return
      aborted.push(request.url())
      networkChanged()
    }
    page.on('requestfailed', onFailed)
    try {
      await (attempt === 1 ? load() : page.reload())
      const waiting = ready()
      // A page that lost a script may never get ready: load it again at once rather than wait it out.
      waiting.catch(() => {})
      await Promise.race([waiting, changed])
    } catch (error) {
      if (aborted.length === 0) throw error
    } finally {
      page.off('requestfailed', onFailed)
    }
    if (aborted.length === 0) return
    if (attempt === LOADS_DESPITE_NETWORK_CHANGES) {
      throw new Error(`host network changes aborted the page's requests ${attempt} times: ${aborted.join(', ')}`)
    }
    await hostNetworksSettled()
  }
}
