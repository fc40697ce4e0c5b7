/**
 * @module One learner at a desktop-sized page of the real server, in Debian's Chromium; `close()`
 * removes what they made (the page's session, the browser, the server).
 */
import { after, before } from 'node:test'
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

/**
 * One learner for the tests of the calling `describe`: opened before them, closed after them, with
 * `beforeClose` first (a last screenshot). `current` throws outside the tests.
 */
export function learnerPerSuite({ beforeClose }: { beforeClose?: (learner: Learner) => Promise<unknown> } = {}): { readonly current: Learner } {
  let learner: Learner | undefined
  before(async () => {
    learner = await openLearner()
  })
  after(async () => {
    if (!learner) return
    await beforeClose?.(learner).catch(() => {})
    await learner.close()
  })
  return {
    get current() {
      if (!learner) throw new Error('the learner is there once the tests run')
      return learner
    },
  }
}
