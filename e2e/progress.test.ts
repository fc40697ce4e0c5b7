/**
 * End to end, as a learner: progress is kept on the server under the learner id from localStorage.
 * A passed exercise survives a reload and a brand-new sandbox (the session deleted), and a new
 * browser given the same learner id gets it back, on the home page's lesson cards, 이어서 학습하기
 * and the sidebar; a browser with another id does not. The id travels by the home page's learner-key
 * panel: copied from one browser, typed into another (a mistyped key is refused in Korean).
 */
import assert from 'node:assert/strict'
import { mkdir } from 'node:fs/promises'
import { before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { deletePageSession } from './support/browser.ts'
import { learnerPerSuite } from './support/learner.ts'
import type { RunningServer } from './support/server.ts'
import { typeInTerminal, waitForTerminalText } from './support/terminal.ts'

const LESSON = '/lessons/first-container/'
const RESULTS_DIR = fileURLToPath(new URL('./test-results/', import.meta.url))
const PASSED_ITEM = 'first-container/run-nginx'
/** Where the site keeps progress and sessions (`site/src/lib`). */
const PROGRESS_KEY = 'docker-classroom:progress'
const SESSION_KEY = 'docker-classroom:session'

const learnerIdOf = (page: Page) =>
  page.evaluate((key) => (JSON.parse(localStorage.getItem(key) ?? '{}') as { learnerId?: string }).learnerId ?? '', PROGRESS_KEY)

/** The server's copy of a learner's progress. */
async function serverProgress(server: RunningServer, learnerId: string): Promise<{ passed: Record<string, string> }> {
  const response = await fetch(`${server.baseUrl}/api/learner/progress`, { headers: { Authorization: `Bearer ${learnerId}` } })
  assert.equal(response.status, 200)
  return (await response.json()) as { passed: Record<string, string> }
}

/** A page in a browser of its own (fresh storage) whose localStorage holds only `learnerId`, on the home page. */
async function browserWithLearnerId(browser: Browser, server: RunningServer, learnerId: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage()
  await page.goto(`${server.baseUrl}/`)
  await page.evaluate(({ key, id }) => localStorage.setItem(key, JSON.stringify({ learnerId: id })), { key: PROGRESS_KEY, id: learnerId })
  await page.reload()
  return page
}

describe('learner progress on the server', () => {
  const learner = learnerPerSuite()
  let server: RunningServer
  let page: Page

  before(() => void ({ server, page } = learner.current))

  it('keeps a passed exercise through a reload and a brand-new sandbox', { timeout: 300_000 }, async () => {
    await page.goto(`${server.baseUrl}${LESSON}`)
    await page.locator('[data-testid="terminal-status"][data-state="connected"]').waitFor({ timeout: 60_000 })
    await typeInTerminal(page, 'docker run -d --name web -p 8080:80 nginx && curl -s --retry 10 --retry-connrefused --retry-delay 1 localhost:8080 | grep -o "Welcome to nginx!"')
    await waitForTerminalText(page, 'Welcome to nginx!', { times: 2, timeoutMs: 120_000 })
    await page.getByTestId('check-button').click()
    await page.locator('[data-testid="check-summary"][data-passed="true"]').waitFor({ timeout: 60_000 })

    const learnerId = await learnerIdOf(page)
    assert.match(learnerId, /^[0-9a-f]{32}$/)
    for (const deadline = Date.now() + 15_000; !(PASSED_ITEM in (await serverProgress(server, learnerId)).passed); await page.waitForTimeout(200)) {
      assert.ok(Date.now() < deadline, 'the pass reached the server')
    }

    await page.reload()
    await page.getByTestId('exercise-passed-badge').waitFor({ timeout: 15_000 })

    const oldSession = await deletePageSession(page, server.baseUrl)
    // Local progress is gone as well, as in a browser whose site data was cleared but for the learner id.
    await page.evaluate(({ key, id }) => localStorage.setItem(key, JSON.stringify({ learnerId: id })), { key: PROGRESS_KEY, id: learnerId })
    await page.reload()
    await page.locator('[data-testid="terminal-status"][data-state="connected"]').waitFor({ timeout: 60_000 })
    const newSession = await page.evaluate((key) => (JSON.parse(sessionStorage.getItem(key) ?? '{}') as { id?: string }).id, SESSION_KEY)
    assert.ok(newSession && newSession !== oldSession, 'a brand-new sandbox')
    await page.getByTestId('exercise-passed-badge').waitFor({ timeout: 15_000 })
    await page.locator('a[data-progress-lesson="first-container"] [data-testid="progress-mark"]').waitFor()
  })

  it('brings the progress to a new browser with the same learner id, and to no other', { timeout: 120_000 }, async () => {
    const learnerId = await learnerIdOf(page)
    const same = await browserWithLearnerId(learner.current.browser, server, learnerId)
    const card = same.locator('[data-progress-lesson="first-container"][data-finished="true"]').first()
    await card.waitFor({ timeout: 15_000 })
    await same.getByTestId('resume-card').waitFor({ state: 'visible' })
    assert.match(await same.locator('[data-resume-summary]').innerText(), /개 중 1개를 마쳤습니다/)
    // Copied into docs/screenshots/ by hand: a test run leaves the tracked files alone.
    await mkdir(RESULTS_DIR, { recursive: true })
    await same.screenshot({ path: `${RESULTS_DIR}progress-restored.png` })

    const other = await browserWithLearnerId(learner.current.browser, server, 'f'.repeat(32))
    // Give its sync the same time to answer, then look: nothing of the first learner's.
    await other.waitForResponse((response) => response.url().endsWith('/api/learner/progress'), { timeout: 15_000 }).catch(() => {})
    assert.equal(await other.getByTestId('resume-card').isVisible(), false)
    assert.equal(await other.locator('[data-progress-lesson="first-container"][data-finished="true"]').count(), 0)
    await same.context().close()
    await other.context().close()
  })

  it("moves the progress to another browser through the home page's learner key panel", { timeout: 120_000 }, async () => {
    await page.goto(`${server.baseUrl}/`)
    await page.getByTestId('learner-key-panel').locator('summary').click()
    const key = await page.getByTestId('learner-key').inputValue()
    assert.equal(key, await learnerIdOf(page))

    const elsewhere = await (await learner.current.browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage()
    await elsewhere.goto(`${server.baseUrl}/`)
    await elsewhere.getByTestId('learner-key-panel').locator('summary').click()
    const ownKey = await elsewhere.getByTestId('learner-key').inputValue()
    assert.notEqual(ownKey, key)
    await elsewhere.getByTestId('learner-key-input').fill(key.slice(1))
    await elsewhere.getByTestId('learner-key-use').click()
    assert.match(await elsewhere.getByTestId('learner-key-status').innerText(), /32자/)
    assert.equal(await elsewhere.getByTestId('learner-key-input').getAttribute('aria-invalid'), 'true')
    assert.equal(await learnerIdOf(elsewhere), ownKey, 'a mistyped key changes nothing')

    await elsewhere.getByTestId('learner-key-input').fill(` ${key.toUpperCase()} `)
    // The page reloads under the new key.
    await Promise.all([elsewhere.waitForEvent('load'), elsewhere.getByTestId('learner-key-use').click()])
    await elsewhere.locator('[data-progress-lesson="first-container"][data-finished="true"]').first().waitFor({ timeout: 15_000 })
    assert.equal(await learnerIdOf(elsewhere), key)
    await elsewhere.context().close()
  })
})
