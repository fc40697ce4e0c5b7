/**
 * The errors a learner can meet before and while practising, against a real server that has room for
 * one session: a full server (503 with `Retry-After`) is waited out with a countdown and a 지금 다시
 * 시도 button, and a session removed under the page is replaced with a note that progress is kept.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { deletePageSession, launchChromium } from './support/browser.ts'
import { startServer, type RunningServer } from './support/server.ts'

const LESSON = '/lessons/first-container/'

describe('session errors in the browser', () => {
  let server: RunningServer
  let browser: Browser
  let page: Page
  /** The session that fills the server, while it exists. */
  let other: { id: string; token: string } | null = null

  async function deleteOther(): Promise<void> {
    if (!other) return
    const response = await fetch(`${server.baseUrl}/api/sessions/${other.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${other.token}` } })
    assert.equal(response.status, 204)
    other = null
  }

  before(async () => {
    // Room for one session, and enough creations in a burst for the retries below.
    server = await startServer({ MAX_SESSIONS: '1', SESSION_CREATE_BURST: '10' })
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  })

  after(async () => {
    try {
      if (server) await deleteOther()
      if (page && server && page.url().startsWith(server.baseUrl)) await deletePageSession(page, server.baseUrl)
    } finally {
      await browser?.close()
      await server?.stop()
    }
  })

  it('waits out a full server with a countdown, then connects once there is room', async () => {
    const response = await fetch(`${server.baseUrl}/api/sessions`, { method: 'POST' })
    const body = await response.text()
    assert.equal(response.status, 201, body)
    other = JSON.parse(body) as { id: string; token: string }

    await page.goto(`${server.baseUrl}${LESSON}`)
    const status = page.locator('[data-testid="terminal-status"][data-state="waiting"]')
    await status.waitFor({ timeout: 30_000 })
    assert.match(await status.innerText(), /모두 사용 중입니다/)
    const countdown = async () => Number(/\((\d+)초 뒤\)/.exec(await status.innerText())?.[1])
    const first = await countdown()
    assert.ok(first > 0, `a countdown from the server's Retry-After: ${await status.innerText()}`)
    await page.waitForTimeout(2_100)
    assert.ok((await countdown()) < first, 'the countdown ticks')

    await deleteOther()
    await page.getByTestId('terminal-retry').click()
    await page.locator('[data-testid="terminal-status"][data-state="connected"]').waitFor({ timeout: 60_000 })
  })

  it('replaces a session removed under the page and says progress is kept', async () => {
    const removed = await deletePageSession(page, server.baseUrl)
    assert.ok(removed)
    const status = page.getByTestId('terminal-status')
    await page.waitForFunction(
      (id) => {
        const stored = sessionStorage.getItem('docker-classroom:session')
        return stored !== null && JSON.parse(stored).id !== id
      },
      removed,
      { timeout: 60_000 },
    )
    await page.locator('[data-testid="terminal-status"][data-state="connected"]').waitFor({ timeout: 60_000 })
    assert.match(await status.innerText(), /새 작업 환경을 만들었습니다/)
    assert.match(await status.innerText(), /통과한 실습 기록은 그대로/)
  })
})
