/**
 * Accessibility in Chromium. axe-core (WCAG 2.0/2.1 A and AA) on the home page and on the first-container lesson, in
 * the light and the dark colour scheme and on a phone-sized screen, in the states a learner meets:
 * progress on the home page, a connected terminal and a failed check on the lesson. Then the first-container lesson by
 * keyboard alone: Tab reaches every control with a visible focus, the terminal is left with Escape
 * then Tab, and 채점, ▶ 실행 and the terminal's screen-reader toggle work with Enter and Space (the
 * toggle is remembered).
 */
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { axeViolations, describeViolations } from './support/axe.ts'
import { deletePageSession } from './support/browser.ts'
import { learnerPerSuite } from './support/learner.ts'
import type { RunningServer } from './support/server.ts'
import { waitForTerminalText } from './support/terminal.ts'

const LESSON = '/lessons/first-container/'
const SCHEMES = ['light', 'dark'] as const
const PROGRESS = {
  learnerId: 'a11y-test',
  passed: {
    'servers-and-virtualization/quiz': '2025-01-01T00:00:00.000Z',
    'first-container/run-nginx': '2025-01-01T00:00:00.000Z',
    'docker-architecture/custom-hostname': '2025-01-01T00:00:00.000Z',
  },
  visited: {},
}

async function assertNoViolations(page: Page, what: string): Promise<void> {
  const violations = await axeViolations(page)
  assert.equal(violations.length, 0, `${what}:\n${describeViolations(violations)}`)
}

interface Stop {
  /** What the element is, for messages: its test id, label or text. */
  name: string
  inTerminal: boolean
  /** Whether something visibly marks the focus: an outline on it, or on the terminal screen around it. */
  focusVisible: boolean
}

/** Presses Tab (Escape first when in the terminal) and describes where the focus lands. */
async function tabOnce(page: Page): Promise<Stop | null> {
  const inTerminal = await page.evaluate(() => document.activeElement?.classList.contains('xterm-helper-textarea') ?? false)
  if (inTerminal) await page.keyboard.press('Escape')
  await page.keyboard.press('Tab')
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null
    if (!element || element === document.body) return null
    const terminal = element.classList.contains('xterm-helper-textarea')
    const marked = terminal ? element.closest('.terminal-screen') : element
    const style = marked ? getComputedStyle(marked) : null
    const name =
      element.dataset.testid ??
      element.getAttribute('aria-label') ??
      (terminal ? 'terminal' : (element.textContent ?? '').trim().slice(0, 40)) ??
      element.tagName
    return {
      name: `${element.tagName.toLowerCase()} ${name}`,
      inTerminal: terminal,
      focusVisible: !!style && style.outlineStyle !== 'none' && style.outlineWidth !== '0px',
    }
  })
}

describe('accessibility', () => {
  const learner = learnerPerSuite()
  let server: RunningServer
  let page: Page

  before(() => void ({ server, page } = learner.current))

  for (const colorScheme of SCHEMES) {
    it(`home page with progress and the learner key panel open, ${colorScheme}: no axe violations`, async () => {
      await page.emulateMedia({ colorScheme })
      await page.goto(`${server.baseUrl}/`)
      await page.evaluate((progress) => localStorage.setItem('docker-classroom:progress', JSON.stringify(progress)), PROGRESS)
      await page.reload()
      const resume = page.getByTestId('resume-link').and(page.locator(':visible'))
      assert.equal(await resume.getAttribute('data-resume-lesson'), 'docker-architecture', 'the first unfinished lesson')
      const architecture = page.locator('[data-testid="lesson-card"][data-progress-lesson="docker-architecture"]')
      assert.equal(await architecture.getByTestId('lesson-card-progress').innerText(), '실습 1/2개 통과')
      assert.equal(await architecture.locator('progress').evaluate((bar) => (bar as HTMLProgressElement).value), 1)
      await page.getByTestId('learner-key-panel').locator('summary').click()
      await assertNoViolations(page, `home page (${colorScheme})`)
    })
  }

  for (const colorScheme of SCHEMES) {
    it(`the first-container lesson with a connected terminal and a failed check, ${colorScheme}: no axe violations`, async () => {
      await page.emulateMedia({ colorScheme })
      await page.goto(`${server.baseUrl}${LESSON}`)
      await page.locator('[data-testid="terminal-status"][data-state="connected"]').waitFor({ timeout: 60_000 })
      await page.getByTestId('check-button').click()
      await page.getByTestId('check-summary').waitFor({ timeout: 30_000 })
      await assertNoViolations(page, `the first-container lesson (${colorScheme})`)
    })
  }

  it('home page and the first-container lesson on a phone-sized screen, menu open: no axe violations', async () => {
    const phone = await learner.current.browser.newPage({ viewport: { width: 390, height: 844 } })
    try {
      await phone.goto(`${server.baseUrl}/`)
      await assertNoViolations(phone, 'home page (phone)')
      await phone.goto(`${server.baseUrl}${LESSON}`)
      await phone.locator('[data-testid="terminal-status"][data-state="connected"]').waitFor({ timeout: 60_000 })
      await phone.getByRole('button', { name: '메뉴' }).click()
      await assertNoViolations(phone, 'the first-container lesson (phone, menu open)')
    } finally {
      // A page of its own is a browser context of its own, with a session of its own.
      if (phone.url().startsWith(server.baseUrl)) await deletePageSession(phone, server.baseUrl)
      await phone.close()
    }
  })

  it('the first-container lesson by keyboard: Tab reaches every control with a visible focus, and leaves the terminal with Escape, Tab', async () => {
    await page.goto(`${server.baseUrl}${LESSON}`)
    await page.locator('[data-testid="terminal-status"][data-state="connected"]').waitFor({ timeout: 60_000 })
    const stops: Stop[] = []
    for (let presses = 0; presses < 300; presses++) {
      const stop = await tabOnce(page)
      // Past the last control the focus leaves the page (null) or wraps to the first.
      if (!stop || stop.name === stops[0]?.name) break
      stops.push(stop)
    }
    const names = stops.map((stop) => stop.name)
    for (const expected of ['check-button', 'run-button', 'copy-button', 'terminal-screen-reader', '3. 도커의 구조']) {
      assert.ok(names.some((name) => name.includes(expected)), `Tab never reached ${expected}; it reached:\n${names.join('\n')}`)
    }
    const terminalAt = stops.findIndex((stop) => stop.inTerminal)
    assert.ok(terminalAt >= 0, `Tab never reached the terminal; it reached:\n${names.join('\n')}`)
    assert.equal(stops[terminalAt]!.name, 'textarea 터미널 입력', 'the terminal input is labelled in Korean')
    assert.ok(stops[terminalAt + 1] && !stops[terminalAt + 1]!.inTerminal, 'Escape, Tab moves on from the terminal')
    const unmarked = stops.filter((stop) => !stop.focusVisible).map((stop) => stop.name)
    assert.deepEqual(unmarked, [], 'every focused control shows its focus')
  })

  it('the first-container lesson by keyboard: 채점 with Enter, ▶ 실행 with Space, and a remembered screen-reader toggle', async () => {
    await page.getByTestId('check-button').focus()
    await Promise.all([
      page.waitForResponse((response) => response.url().includes('/checks/first-container/run-nginx')),
      page.keyboard.press('Enter'),
    ])
    await page.getByTestId('check-summary').waitFor()

    await page.locator('[data-code="docker ps"] [data-testid="run-button"]').focus()
    await page.keyboard.press('Space')
    await waitForTerminalText(page, 'CONTAINER ID')

    const toggle = page.getByTestId('terminal-screen-reader')
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false')
    await toggle.focus()
    await page.keyboard.press('Space')
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true')
    await page.locator('[data-testid="terminal"] .xterm-accessibility').waitFor({ state: 'attached' })
    await page.reload()
    assert.equal(await page.getByTestId('terminal-screen-reader').getAttribute('aria-pressed'), 'true', 'remembered across pages')
    await page.locator('[data-testid="terminal"] .xterm-accessibility').waitFor({ state: 'attached' })
    await assertNoViolations(page, 'the first-container lesson in screen-reader mode')
  })
})
