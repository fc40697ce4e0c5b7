/**
 * The quiz of lesson 0 (servers-and-virtualization) in Chromium, as a learner: the page source holds
 * neither the answers nor the explanations; a wrong answer given by keyboard alone gets ✗ and no
 * explanation, the right one ✓ and its explanation; answering every question records the quiz in
 * the learner's progress (badge, sidebar ✓), and the record is still there when the page is opened again.
 */
import assert from 'node:assert/strict'
import { mkdir, readFile } from 'node:fs/promises'
import { before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { LessonFrontmatterSchema, readFrontmatter, type QuizQuestion } from '@docker-classroom/lessons'
import type { Page, Response } from 'playwright-core'
import { axeViolations, describeViolations } from '../support/axe.ts'
import { loadDespiteNetworkChanges } from '../support/browser.ts'
import { learnerPerSuite } from '../support/learner.ts'
import type { RunningServer } from '../support/server.ts'

const RESULTS_DIR = fileURLToPath(new URL('../test-results/', import.meta.url))
const LESSON_ID = 'servers-and-virtualization'
const LESSON_FILE = new URL('../../lessons/course/00-servers-and-virtualization/content.mdx', import.meta.url)

async function lessonQuiz(): Promise<QuizQuestion[]> {
  return LessonFrontmatterSchema().parse(readFrontmatter(await readFile(LESSON_FILE, 'utf8'))).quiz
}

/** Opens the lesson and waits for its terminal session, so the session is the page's own and closing the learner deletes it. */
async function openLesson(page: Page, url: string): Promise<Response> {
  let response: Response | null = null
  await loadDespiteNetworkChanges(
    page,
    async () => (response = await page.goto(url)),
    () => page.locator('[data-testid="terminal-status"][data-state="connected"]').waitFor({ timeout: 60_000 }),
  )
  return response!
}

const correctIds = (question: QuizQuestion) => question.options.filter((option) => option.correct).map((option) => option.id)

describe('the quiz of lesson 0 in the browser', () => {
  const learner = learnerPerSuite({ beforeClose: ({ page }) => page.screenshot({ path: `${RESULTS_DIR}quiz-end.png`, fullPage: true }) })
  let server: RunningServer
  let page: Page
  let quiz: QuizQuestion[]

  before(async () => {
    quiz = await lessonQuiz()
    ;({ server, page } = learner.current)
    await mkdir(RESULTS_DIR, { recursive: true })
  })

  it('serves the quiz without its answers or explanations in the page', async () => {
    const response = await openLesson(page, `${server.baseUrl}/lessons/${LESSON_ID}/`)
    const html = await response.text()
    assert.equal(await page.getByTestId('quiz-question').count(), quiz.length)
    for (const [index, question] of quiz.entries()) {
      const card = page.locator(`[data-testid="quiz-question"][data-question-id="${question.id}"]`)
      // Exactly once and numbered: hydration must not double any text the server rendered.
      const legend = `${index + 1}. ${question.question.replaceAll('`', '')}${question.multiple ? ' (알맞은 것을 모두 고르세요)' : ''}`
      assert.equal(await card.locator('legend').innerText(), legend)
      assert.ok(!html.includes(question.explanation.slice(0, 20)), `explanation of ${question.id} is not in the HTML`)
    }
    assert.doesNotMatch(html, /&quot;correct&quot;|"correct"/)
    assert.equal(await page.getByTestId('quiz-explanation').count(), 0)
  })

  it('answers the first question wrongly, then rightly, by keyboard alone', async () => {
    const first = quiz[0]!
    assert.equal(first.multiple, false)
    const card = page.locator(`[data-testid="quiz-question"][data-question-id="${first.id}"]`)
    const wrongIndex = first.options.findIndex((option) => !option.correct)
    const rightIndex = first.options.findIndex((option) => option.correct)
    // Arrow keys move through a radio group and select as they go; Tab leaves it for 확인.
    await card.locator('input').first().focus()
    await page.keyboard.press('Space')
    for (let step = 0; step < wrongIndex; step += 1) await page.keyboard.press('ArrowDown')
    assert.equal(await card.locator('input:checked').getAttribute('value'), first.options[wrongIndex]!.id)
    await page.keyboard.press('Tab')
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'quiz-submit')
    await page.keyboard.press('Enter')
    const result = card.getByTestId('quiz-result')
    await page.waitForFunction((el) => el?.getAttribute('data-correct') === 'false', await result.elementHandle())
    assert.match(await result.innerText(), /✗/)
    assert.equal(await card.getByTestId('quiz-explanation').count(), 0, 'no explanation after a wrong answer')
    assert.equal(await card.getAttribute('data-answered'), 'false')

    await page.keyboard.press('Shift+Tab')
    const moves = rightIndex - wrongIndex
    for (let step = 0; step < Math.abs(moves); step += 1) await page.keyboard.press(moves > 0 ? 'ArrowDown' : 'ArrowUp')
    assert.equal(await card.locator('input:checked').getAttribute('value'), first.options[rightIndex]!.id)
    // Choosing again clears the ✗ of the previous answer.
    assert.equal(await result.getAttribute('data-correct'), null)
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await card.getByTestId('quiz-explanation').waitFor()
    assert.equal(await result.getAttribute('data-correct'), 'true')
    assert.match(await result.innerText(), /✓/)
    assert.equal(await card.getByTestId('quiz-explanation').innerText(), `해설: ${first.explanation.replaceAll('`', '')}`)
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'quiz-explanation')
    assert.equal(await card.getAttribute('data-answered'), 'true')
  })

  it('has no axe violations with a wrong answer, a right one and its explanation showing, in both colour schemes', async () => {
    const multiple = quiz.find((question) => question.multiple)!
    const card = page.locator(`[data-testid="quiz-question"][data-question-id="${multiple.id}"]`)
    await card.locator('input').last().check()
    await card.getByTestId('quiz-submit').click()
    await page.waitForFunction((el) => el?.getAttribute('data-correct') === 'false', await card.getByTestId('quiz-result').elementHandle())
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme })
      const violations = await axeViolations(page)
      assert.equal(violations.length, 0, `lesson 0 with its quiz answered (${colorScheme}):\n${describeViolations(violations)}`)
    }
    await card.locator('input').last().uncheck()
  })

  it('wants every correct option of a multiple-answer question', async () => {
    const multiple = quiz.find((question) => question.multiple)!
    const card = page.locator(`[data-testid="quiz-question"][data-question-id="${multiple.id}"]`)
    const [firstRight] = correctIds(multiple)
    await card.locator(`input[value="${firstRight}"]`).check()
    await card.getByTestId('quiz-submit').click()
    assert.equal(await card.getByTestId('quiz-result').getAttribute('data-correct'), 'false', 'one of several right options is not enough')
    await card.locator(`input[value="${firstRight}"]`).uncheck()
  })

  it('records the quiz in progress once every question is right, and keeps it when the page is opened again', async () => {
    assert.equal(await page.getByTestId('quiz-passed-badge').count(), 0)
    for (const question of quiz.slice(1)) {
      const card = page.locator(`[data-testid="quiz-question"][data-question-id="${question.id}"]`)
      for (const id of correctIds(question)) await card.locator(`input[value="${id}"]`).check()
      await card.getByTestId('quiz-submit').click()
      await card.getByTestId('quiz-explanation').waitFor()
    }
    await page.getByTestId('quiz-passed-badge').waitFor()
    assert.equal(await page.getByTestId('quiz-score').innerText(), `${quiz.length}문제 중 ${quiz.length}문제 맞힘`)
    await page.locator(`a[data-progress-lesson="${LESSON_ID}"] [data-testid="progress-mark"]`).waitFor()
    const passed = await page.evaluate(() => JSON.parse(localStorage.getItem('docker-classroom:progress') ?? '{}').passed)
    assert.ok(`${LESSON_ID}/quiz` in passed)

    await openLesson(page, `${server.baseUrl}/lessons/${LESSON_ID}/`)
    await page.getByTestId('quiz-passed-badge').waitFor()
    await page.locator(`a[data-progress-lesson="${LESSON_ID}"] [data-testid="progress-mark"]`).waitFor()
  })
})
