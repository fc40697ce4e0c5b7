/**
 * End to end, as a learner: the lesson page's workbench in Chromium on the real server. Its tabs
 * work by keyboard alone (WAI-ARIA tabs: arrows, Home, End, Tab into the panel); the splitter
 * between text and workbench moves with the arrow keys and is remembered; moving to another lesson
 * keeps the same sandbox and terminal; on a phone the workbench is docked under the text, folds to
 * its tab bar and unfolds for ▶ 실행. axe finds nothing on the phone layout, and screenshots at
 * desktop and phone width go to docs/screenshots/.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { axeViolations, describeViolations } from '../support/axe.ts'
import { pageSession } from '../support/browser.ts'
import { typeInTerminal, waitForTerminalText } from '../support/terminal.ts'
import { learnerOnLesson, openLesson, openTab, SCREENSHOTS, waitForActiveTab, type WorkbenchTab } from '../support/workbench.ts'

const LESSON = '/lessons/first-container/'

/** Where the keyboard focus is: its test id and tab name, and whether it is inside the panel of `tab`. */
function focused(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null
    return {
      testid: element?.dataset.testid ?? null,
      tab: element?.dataset.tab ?? null,
      panel: element?.closest('[role="tabpanel"]')?.id ?? null,
    }
  })
}

/** The tab that is selected, and which panels show. */
function tabState(page: Page) {
  return page.evaluate(() => ({
    selected: Array.from(document.querySelectorAll<HTMLElement>('[role="tab"][aria-selected="true"]'), (tab) => tab.dataset.tab),
    shown: Array.from(document.querySelectorAll<HTMLElement>('[role="tabpanel"]'))
      .filter((panel) => !panel.hidden)
      .map((panel) => panel.id),
  }))
}

describe('the workbench in the browser', () => {
  const fixture = learnerOnLesson(LESSON)

  it('moves between tabs by keyboard alone, and Tab enters the open panel', async () => {
    const { page } = fixture.learner
    await page.getByTestId('workbench-splitter').focus()
    await page.keyboard.press('Tab')
    assert.deepEqual(await focused(page), { testid: 'workbench-tab', tab: 'terminal', panel: null }, 'after the splitter comes the selected tab')
    const tablist = page.getByRole('tablist', { name: '실습 도구' })
    assert.deepEqual(await tablist.getByRole('tab').allInnerTexts(), ['터미널', '에디터', '미리보기', '내 환경'])

    const steps: [key: string, tab: WorkbenchTab][] = [
      ['ArrowRight', 'editor'],
      ['ArrowRight', 'preview'],
      ['End', 'environment'],
      ['Home', 'terminal'],
      ['ArrowLeft', 'environment'],
      ['ArrowRight', 'terminal'],
    ]
    for (const [key, tab] of steps) {
      await page.keyboard.press(key)
      await waitForActiveTab(page, tab)
      assert.equal((await focused(page)).tab, tab, `${key} moves the focus to ${tab}`)
      assert.deepEqual(await tabState(page), { selected: [tab], shown: [`workbench-panel-${tab}`] }, `${key} opens ${tab}`)
    }
    // Only the selected tab is a Tab stop: Tab goes on into its panel.
    await page.keyboard.press('Tab')
    assert.equal((await focused(page)).panel, 'workbench-panel-terminal')
    await page.getByTestId('workbench').screenshot({ path: `${SCREENSHOTS}workbench-terminal.png` })
  })

  it('resizes the text beside the workbench with the splitter keys, remembered on the next page', async () => {
    const { page } = fixture.learner
    const splitter = page.getByTestId('workbench-splitter')
    assert.equal(await splitter.getAttribute('role'), 'separator')
    assert.equal(await splitter.getAttribute('aria-valuenow'), '48')
    const textWidth = () => page.locator('.lesson-text').evaluate((text) => text.getBoundingClientRect().width)
    const before = await textWidth()
    await splitter.focus()
    await page.keyboard.press('ArrowLeft')
    await page.keyboard.press('ArrowLeft')
    assert.equal(await splitter.getAttribute('aria-valuenow'), '38')
    assert.ok((await textWidth()) < before - 50, 'the text column is narrower')
    await page.keyboard.press('Home')
    assert.equal(await splitter.getAttribute('aria-valuenow'), '25')
    await page.reload()
    assert.equal(await page.getByTestId('workbench-splitter').getAttribute('aria-valuenow'), '25')
    await page.getByTestId('workbench-splitter').focus()
    await page.keyboard.press('Enter')
    assert.equal(await page.getByTestId('workbench-splitter').getAttribute('aria-valuenow'), '48', 'Enter puts it back')
  })

  it('keeps the same sandbox and terminal on the next lesson', async () => {
    const { page, server: { baseUrl } } = fixture.learner
    await page.locator('[data-testid="terminal-status"][data-state="connected"]').waitFor({ timeout: 60_000 })
    const first = await pageSession(page)
    await typeInTerminal(page, 'echo "same-sandbox-$((6 * 7))"')
    await waitForTerminalText(page, 'same-sandbox-42')
    await page.locator('a[rel="next"]').click()
    await page.waitForURL((url) => url.pathname !== LESSON)
    await page.locator('[data-testid="terminal-status"][data-state="connected"]').waitFor({ timeout: 60_000 })
    assert.deepEqual(await pageSession(page), first, 'the session stored by the first page is reused')
    // The terminal reattaches to the same shell, so what it showed is still there.
    await waitForTerminalText(page, 'same-sandbox-42', { timeoutMs: 15_000 })
    await page.goto(`${baseUrl}${LESSON}`)
  })

  it('on a phone, docks the workbench under the text, folds it, and unfolds it for ▶ 실행', { timeout: 120_000 }, async () => {
    // The same tab at a phone's size: the same session, so no second sandbox.
    const { page, server: { baseUrl } } = fixture.learner
    const desktop = page.viewportSize()
    await page.setViewportSize({ width: 390, height: 844 })
    try {
      await openLesson(page, baseUrl, LESSON)
      assert.equal(await page.getByTestId('workbench-splitter').isVisible(), false, 'no splitter on a phone')
      const workbench = await page.locator('aside.workbench').boundingBox()
      assert.ok(workbench && Math.abs(workbench.y + workbench.height - 844) < 2, `docked at the bottom of the window: ${JSON.stringify(workbench)}`)
      await page.screenshot({ path: `${SCREENSHOTS}workbench-phone.png` })

      const fold = page.getByTestId('workbench-collapse')
      assert.equal(await fold.getAttribute('aria-expanded'), 'true')
      await fold.click()
      await page.locator('[data-testid="workbench-collapse"][aria-expanded="false"]').waitFor({ timeout: 5_000 })
      assert.equal(await page.getByTestId('terminal').isVisible(), false, 'folded to the tab bar')
      await page.screenshot({ path: `${SCREENSHOTS}workbench-phone-folded.png` })
      const violations = await axeViolations(page)
      assert.equal(violations.length, 0, describeViolations(violations))

      await page.locator('[data-code="docker ps"] [data-testid="run-button"]').click()
      // ▶ 실행 unfolds the workbench.
      await page.locator('[data-testid="workbench-collapse"][aria-expanded="true"]').waitFor({ timeout: 5_000 })
      await waitForTerminalText(page, 'CONTAINER ID')

      await openTab(page, 'editor')
      await page.locator('[data-testid="editor"][data-state="ready"][data-file]').waitFor({ timeout: 30_000 })
      await page.screenshot({ path: `${SCREENSHOTS}workbench-phone-editor.png` })
    } finally {
      if (desktop) await page.setViewportSize(desktop)
    }
  })
})
