/**
 * @module One learner at a desktop-sized page of the real server, in Debian's Chromium; `close()`
 * removes what they made (the page's session, the browser, the server).
 */
import type { Browser, Page } from 'playwright-core'
import { deletePageSession, launchChromium } from './browser.ts'
import { startServer, type RunningServer } from './server.ts'

export interface Learner {
  server: RunningServer
  browser: Browser
  page: Page
  close(): Promise<void>
}

/** Starts a server (with `env` added) and opens a browser page for it. */
export async function openLearner(env: Record<string, string> = {}): Promise<Learner> {
  const server = await startServer(env)
  let browser: Browser | undefined
  try {
    browser = await launchChromium()
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    const opened = browser
    return {
      server,
      browser: opened,
      page,
      async close() {
        await deletePageSession(page, server.baseUrl)
        await opened.close()
        await server.stop()
      },
    }
  } catch (error) {
    await browser?.close()
    await server.stop()
    throw error
  }
}
