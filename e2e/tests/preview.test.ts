/**
 * End to end, as a learner: the workbench's 미리보기 tab in Chromium on the real server. Opened
 * before anything is published, it says so; a container published with ▶ 실행
 * (`docker run -d --name web -p 8080:80 nginx`) appears in it without a page reload (the engine's
 * event stream, not polling), and its page shows in the frame through the preview cookie, after a
 * reload too, and in a tab of its own.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Frame, Page } from 'playwright-core'
import { typeInTerminal, waitForTerminalText } from '../support/terminal.ts'
import { learnerOnLesson, openTab, SCREENSHOTS, waitForActiveTab } from '../support/workbench.ts'

const RUN_NGINX = 'docker run -d --name web -p 8080:80 nginx'

/** The preview frame once it has loaded a page. */
async function previewFrame(page: Page): Promise<Frame> {
  const handle = await page.getByTestId('preview-frame').elementHandle({ timeout: 30_000 })
  const frame = await handle?.contentFrame()
  if (!frame) throw new Error('the preview frame has no document')
  return frame
}

/**
 * Waits until the frame shows nginx's welcome page. nginx may take a moment to listen after its
 * container starts, so the learner's reload button is pressed while the frame shows the preview's
 * "nothing listening" page.
 */
async function waitForWelcome(page: Page): Promise<void> {
  const deadline = Date.now() + 30_000
  for (;;) {
    const text = await (await previewFrame(page)).locator('body').innerText().catch(() => '')
    if (text.includes('Welcome to nginx!')) return
    if (Date.now() > deadline) throw new Error(`the preview never showed nginx; it shows:\n${text}`)
    await page.waitForTimeout(1000)
    await page.getByTestId('preview-reload').click()
  }
}

describe('the preview tab in the browser', () => {
  const fixture = learnerOnLesson('/lessons/first-container/')

  it('says that nothing is published yet', async () => {
    const { page } = fixture.learner
    await openTab(page, 'preview')
    await page.locator('[data-testid="preview"][data-state="empty"]').waitFor({ timeout: 15_000 })
    assert.match(await page.getByTestId('preview').innerText(), /아직 공개한 포트가 없습니다/)
  })

  it('lists a port published with ▶ 실행 without a reload, and frames its page', { timeout: 120_000 }, async () => {
    const { page } = fixture.learner
    const portRequests: string[] = []
    page.on('request', (request) => void (request.url().endsWith('/ports') && portRequests.push(request.url())))
    await page.locator(`[data-code="${RUN_NGINX}"] [data-testid="run-button"]`).click()
    await waitForActiveTab(page, 'terminal')
    await waitForTerminalText(page, RUN_NGINX)

    await openTab(page, 'preview')
    const port = page.locator('[data-testid="preview-port"][data-port="8080"]')
    await port.waitFor({ timeout: 60_000 })
    assert.equal(await port.getAttribute('aria-pressed'), 'true')
    assert.ok(portRequests.length <= 3, `the ports were fetched on events, not polled: ${portRequests.length} requests`)
    const frame = page.getByTestId('preview-frame')
    assert.match((await frame.getAttribute('src')) ?? '', /^\/preview\/[0-9a-f]+\/8080\/$/)
    assert.equal(await frame.getAttribute('title'), '미리보기: 포트 8080')
    await waitForWelcome(page)
    await page.getByTestId('workbench').screenshot({ path: `${SCREENSHOTS}workbench-preview.png` })
  })

  it('reloads the framed page and opens it in a tab of its own', async () => {
    const { page } = fixture.learner
    const reloaded = page.waitForRequest((request) => /\/preview\/[0-9a-f]+\/8080\/$/.test(request.url()))
    await page.getByTestId('preview-reload').click()
    await reloaded
    await waitForWelcome(page)

    const link = page.getByTestId('preview-open')
    assert.equal(await link.getAttribute('target'), '_blank')
    assert.equal(await link.innerText(), '새 탭에서 열기')
    const [tab] = await Promise.all([page.waitForEvent('popup'), link.click()])
    await tab.waitForLoadState()
    assert.match(await tab.locator('body').innerText(), /Welcome to nginx!/)
    await tab.close()
  })

  it('drops the port once the container is removed', { timeout: 60_000 }, async () => {
    const { page } = fixture.learner
    await openTab(page, 'terminal')
    await typeInTerminal(page, 'docker rm -f web')
    await openTab(page, 'preview')
    await page.locator('[data-testid="preview"][data-state="empty"]').waitFor({ timeout: 30_000 })
    assert.equal(await page.getByTestId('preview-frame').count(), 0)
  })
})
