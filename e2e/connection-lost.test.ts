/**
 * The terminal's own states as a learner sees them, against a real server: the sandbox being
 * created (with progress), then connected; the connection lost when the server goes down
 * (reconnecting…); and, once the server is back on the same address, the same shell again — the
 * server adopted the workstation, and the screen still shows what was typed before.
 */
import assert from 'node:assert/strict'
import { rm } from 'node:fs/promises'
import { after, before, describe, it } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { deletePageSession, launchChromium } from './support/browser.ts'
import { startServer, type RunningServer } from './support/server.ts'
import { typeInTerminal, waitForTerminalText } from './support/terminal.ts'

describe('terminal connection states in the browser', () => {
  let server: RunningServer
  let browser: Browser
  let page: Page
  /** Every `data-state` the terminal's status line took, with its text, in order. */
  const seen: { state: string; text: string }[] = []

  before(async () => {
    server = await startServer({ CLEANUP_ON_SHUTDOWN: 'false' })
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    await page.exposeFunction('recordTerminalState', (state: string, text: string) => seen.push({ state, text }))
    await page.addInitScript(() => {
      let last = ''
      new MutationObserver(() => {
        const status = document.querySelector('[data-testid="terminal-status"]')
        const state = status?.getAttribute('data-state') ?? ''
        const text = (status as HTMLElement | null)?.innerText ?? ''
        if (state && `${state}${text}` !== last) {
          last = `${state}${text}`
          ;(window as unknown as { recordTerminalState(state: string, text: string): void }).recordTerminalState(state, text)
        }
      }).observe(document, { subtree: true, attributes: true, childList: true, characterData: true })
    })
  })

  after(async () => {
    try {
      if (page && server) await deletePageSession(page, server.baseUrl).catch(() => {})
    } finally {
      await browser?.close()
      await server?.stop()
      if (server) await rm(server.socketRoot, { recursive: true, force: true })
    }
  })

  it('says the sandbox is being prepared, then connects', async () => {
    await page.goto(`${server.baseUrl}/lessons/first-container/`)
    await page.locator('[data-testid="terminal-status"][data-state="connected"]').waitFor({ timeout: 60_000 })
    const creating = seen.find((entry) => entry.state === 'creating')
    assert.ok(creating, `the status went through "creating": ${JSON.stringify(seen)}`)
    assert.match(creating.text, /작업 환경을 준비하고 있습니다/)
  })

  it('says the connection is lost while the server is down, and comes back to the same shell', async () => {
    await typeInTerminal(page, 'echo "재시작-전-$((40+2))"')
    await waitForTerminalText(page, '재시작-전-42')
    const port = new URL(server.baseUrl).port
    const socketRoot = server.socketRoot
    // A crash: the workstation keeps running, and the next server on the same root adopts it.
    await server.stop('SIGKILL')
    const reconnecting = page.locator('[data-testid="terminal-status"][data-state="reconnecting"]')
    await reconnecting.waitFor({ timeout: 30_000 })
    assert.match(await reconnecting.innerText(), /연결이 끊어졌습니다. 다시 연결하는 중/)

    server = await startServer({ SOCKET_ROOT: socketRoot, PORT: port })
    await page.locator('[data-testid="terminal-status"][data-state="connected"]').waitFor({ timeout: 60_000 })
    await waitForTerminalText(page, '재시작-전-42', { times: 1 })
    await typeInTerminal(page, 'echo "다시-연결-$((6*7))"')
    await waitForTerminalText(page, '다시-연결-42')
  })
})
