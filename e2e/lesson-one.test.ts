/**
 * End to end, as a learner: open lesson 1 in Chromium, get a terminal into a fresh sandbox, run
 * real docker commands (offline, through the course's registry), type Korean, press 채점 before
 * and after solving the exercise with 정답 보기.
 */
import assert from 'node:assert/strict'
import { mkdir } from 'node:fs/promises'
import { before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { learnerPerSuite } from './support/learner.ts'
import type { RunningServer } from './support/server.ts'
import { typeInTerminal, waitForTerminalText } from './support/terminal.ts'

const RESULTS_DIR = fileURLToPath(new URL('./test-results/', import.meta.url))

interface ConditionRow {
  id: string | null
  passed: string | null
  text: string
}

/** Presses 채점 and returns what the card shows once the server has answered. */
async function pressCheck(page: Page): Promise<{ passed: string | null; conditions: ConditionRow[] }> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/checks/first-container/run-nginx'), { timeout: 30_000 }),
    page.getByTestId('check-button').click(),
  ])
  assert.equal(response.status(), 200, await response.text())
  const summary = page.getByTestId('check-summary')
  await summary.waitFor({ timeout: 5_000 })
  const conditions = await page.getByTestId('check-condition').evaluateAll((rows) =>
    rows.map((row) => ({
      id: row.getAttribute('data-condition-id'),
      passed: row.getAttribute('data-passed'),
      text: (row as HTMLElement).innerText,
    })),
  )
  return { passed: await summary.getAttribute('data-passed'), conditions }
}

describe('lesson 1 in the browser', () => {
  const learner = learnerPerSuite({ beforeClose: ({ page }) => page.screenshot({ path: `${RESULTS_DIR}lesson-one-end.png` }) })
  let server: RunningServer
  let page: Page

  before(() => void ({ server, page } = learner.current))

  it('opens the lesson with a connected terminal into the learner’s own engine', async () => {
    await mkdir(RESULTS_DIR, { recursive: true })
    await page.goto(`${server.baseUrl}/lessons/first-container/`)
    assert.equal(await page.locator('html').getAttribute('lang'), 'ko')
    await page.locator('[data-testid="terminal-status"][data-state="connected"]').waitFor({ timeout: 60_000 })
    await typeInTerminal(page, 'docker run --rm hello-world')
    await waitForTerminalText(page, 'Hello from Docker!')
    await waitForTerminalText(page, '도커에서 보내는 인사입니다!')
  })

  it('keeps Korean typed into the terminal intact', async () => {
    await typeInTerminal(page, 'echo "한글 입력 확인"')
    // Once in the typed command line, once in echo's output.
    await waitForTerminalText(page, '한글 입력 확인', { times: 2 })
  })

  it('fails the check before the exercise is done, per condition with hints', async () => {
    const result = await pressCheck(page)
    assert.equal(result.passed, 'false')
    const exists = result.conditions.find((row) => row.id === 'container-exists')
    assert.equal(exists?.passed, 'false')
    assert.match(exists!.text, /web 컨테이너가 없습니다/)
    assert.match(exists!.text, /--name web/, 'the hint is shown with the failure')
    await page.getByTestId('exercise').screenshot({ path: `${RESULTS_DIR}lesson-one-check-failed.png` })
  })

  it('shows the solution only after the learner confirms, and runs it from there', async () => {
    page.once('dialog', (dialog) => void dialog.dismiss())
    await page.getByTestId('solution-button').click()
    await page.waitForTimeout(300)
    assert.equal(await page.getByTestId('solution').count(), 0, 'dismissing the confirm shows nothing')
    page.once('dialog', (dialog) => {
      assert.match(dialog.message(), /정답을 보면/)
      void dialog.accept()
    })
    await page.getByTestId('solution-button').click()
    const solution = page.getByTestId('solution')
    await solution.waitFor()
    assert.match(await solution.innerText(), /docker run -d --name web -p 8080:80 nginx/)
    await solution.getByTestId('solution-run').first().click()
    await waitForTerminalText(page, 'docker run -d --name web -p 8080:80 nginx')
  })

  it('passes once the solution has run', async () => {
    // nginx needs a moment after `docker run -d` returns before it accepts connections.
    await typeInTerminal(page, 'curl -s --retry 10 --retry-connrefused --retry-delay 1 localhost:8080 | grep -o "Welcome to nginx!"')
    await waitForTerminalText(page, 'Welcome to nginx!', { times: 2 })
    const result = await pressCheck(page)
    assert.equal(result.passed, 'true', JSON.stringify(result.conditions))
    assert.ok(result.conditions.every((row) => row.passed === 'true'))
    await page.getByTestId('exercise-passed-badge').waitFor()
    // Lesson 1 has one exercise, so passing it finishes the lesson: the sidebar marks it.
    await page.locator('a[data-progress-lesson="first-container"] [data-testid="progress-mark"]').waitFor()
    await page.screenshot({ path: `${RESULTS_DIR}lesson-one-passed.png` })
  })
})
