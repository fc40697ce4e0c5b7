/**
 * End to end, as a learner: the workbench's 내 환경 tab in Chromium on the real server. The
 * container lifecycle picture follows `docker run`, `pause`, `unpause`, `stop` and `rm` typed in the
 * terminal; the layer picture shows an image the learner has just built, its base layers shared with
 * nginx and its own RUN layer not, and its ENV step without a layer. axe finds nothing in either
 * colour scheme, and screenshots at desktop and phone width go to e2e/test-results/ (the ones in
 * docs/screenshots/ are copies of them, so a test run leaves the tracked files alone).
 */
import assert from 'node:assert/strict'
import { mkdir } from 'node:fs/promises'
import { before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { axeViolations, describeViolations } from './support/axe.ts'
import { learnerPerSuite } from './support/learner.ts'
import type { RunningServer } from './support/server.ts'
import { typeInTerminal, waitForTerminalText } from './support/terminal.ts'
import { openLesson } from './support/workbench.ts'

const RESULTS_DIR = fileURLToPath(new URL('./test-results/', import.meta.url))
const LESSON = '/lessons/first-container/'

async function openTab(page: Page, tab: 'terminal' | 'environment'): Promise<void> {
  await page.locator(`[data-testid="workbench-tab"][data-tab="${tab}"]`).click()
  await page.getByTestId(`workbench-panel-${tab}`).waitFor({ state: 'visible' })
}

let commands = 0

/** Types `command` in the terminal and waits until it has finished (a marker echoed after it). */
async function run(page: Page, command: string): Promise<void> {
  await openTab(page, 'terminal')
  const marker = `step-${++commands}-done`
  await typeInTerminal(page, `${command} && echo ${marker}`)
  // Once in the typed line, once as output.
  await waitForTerminalText(page, marker, { times: 2, timeoutMs: 120_000 })
}

/** Opens 내 환경 and waits until the container `name` is drawn in `stage`. */
async function expectStage(page: Page, name: string, stage: string): Promise<void> {
  await openTab(page, 'environment')
  await page.locator(`[data-testid="env-container"][data-name="${name}"][data-stage="${stage}"]`).waitFor({ timeout: 15_000 })
}

describe('내 환경 in the browser', () => {
  const learner = learnerPerSuite()
  let server: RunningServer
  let page: Page

  before(async () => {
    await mkdir(RESULTS_DIR, { recursive: true })
    ;({ server, page } = learner.current)
    await openLesson(page, server.baseUrl, LESSON)
  })

  it('moves a container along the lifecycle as the learner runs, pauses, stops and removes it', { timeout: 300_000 }, async () => {
    await openTab(page, 'environment')
    await page.locator('[data-testid="environment"][data-status="live"]').waitFor({ timeout: 30_000 })
    assert.equal(await page.getByTestId('env-stage').count(), 5)

    await run(page, 'docker run -d --name web nginx')
    await expectStage(page, 'web', 'running')
    assert.equal(await page.getByTestId('env-last-move').innerText(), 'web 컨테이너: 생성됨 → 실행 중')

    await run(page, 'docker pause web')
    await expectStage(page, 'web', 'paused')
    assert.equal(await page.getByTestId('env-last-move').innerText(), 'web 컨테이너: 실행 중 → 일시 정지')
    // Company for the picture: one container only created, one that ran and exited.
    await run(page, 'docker create --name draft busybox && docker run --name hello hello-world >/dev/null')
    await expectStage(page, 'draft', 'created')
    await expectStage(page, 'hello', 'exited')
    // Stages read as text: each says what it holds.
    assert.equal(await page.locator('[data-testid="env-stage"][data-stage="paused"] h4').innerText(), '일시 정지 · 1개')
    await page.getByTestId('workbench').screenshot({ path: `${RESULTS_DIR}environment-lifecycle.png` })

    await run(page, 'docker unpause web')
    await expectStage(page, 'web', 'running')
    await run(page, 'docker stop -t 1 web')
    await expectStage(page, 'web', 'exited')
    await run(page, 'docker rm web')
    await expectStage(page, 'web', 'removed')
    assert.equal(await page.getByTestId('env-last-move').innerText(), 'web 컨테이너: 종료됨 → 삭제됨')
  })

  it('shows the layers of an image the learner has just built', { timeout: 300_000 }, async () => {
    await run(
      page,
      'mkdir -p /tmp/my-web && cd /tmp/my-web && ' +
        `printf '%s\\n' 'FROM nginx' 'RUN echo 안녕 > /usr/share/nginx/html/hello.txt' 'ENV SITE_LANG=ko' > Dockerfile && ` +
        'docker build -q -t my-web:1 . && cd',
    )
    await openTab(page, 'environment')
    const select = page.getByTestId('env-image-select')
    // Until the learner picks one, the newest image is shown: the one just built.
    await page.waitForFunction(() => {
      const element = document.querySelector<HTMLSelectElement>('[data-testid="env-image-select"]')
      return element?.selectedOptions[0]?.textContent === 'my-web:1'
    }, undefined, { timeout: 15_000 })
    const steps = await page.getByTestId('env-step').evaluateAll((items) =>
      items.map((item) => ({
        text: (item.querySelector('code')?.textContent ?? '').trim(),
        layer: item.getAttribute('data-layer'),
        shared: item.getAttribute('data-shared'),
      })),
    )
    const run_ = steps.find((step) => step.text.startsWith('RUN echo 안녕'))
    const env = steps.find((step) => step.text === 'ENV SITE_LANG=ko')
    assert.deepEqual(run_ && { layer: run_.layer, shared: run_.shared }, { layer: 'true', shared: 'false' }, JSON.stringify(steps))
    assert.equal(env?.layer, 'false')
    const nginxLayers = steps.filter((step) => step.layer === 'true' && step.shared === 'true')
    assert.ok(nginxLayers.length >= 1, 'the layers under FROM nginx are shared with nginx')
    assert.equal(steps.at(-1)?.text, 'ENV SITE_LANG=ko', 'build order: the last step is last')
    assert.match(await page.getByTestId('env-layer-summary').innerText(), /^레이어 \d+개 · 전체 .+ · 다른 이미지와 함께 쓰는 레이어 \d+개$/)

    // The learner's pick sticks; the nginx it was built from shares the same base layers.
    await select.selectOption({ label: 'nginx:latest' })
    const nginxShared = await page.locator('[data-testid="env-step"][data-shared="true"]').count()
    assert.equal(nginxShared, nginxLayers.length)
    await select.selectOption({ label: 'my-web:1' })
    await page.getByRole('heading', { name: '이미지 레이어' }).evaluate((heading) => heading.scrollIntoView({ block: 'start' }))
    await page.getByTestId('workbench').screenshot({ path: `${RESULTS_DIR}environment-layers.png` })
  })

  it('has no accessibility violations in the light and the dark scheme, and fits a phone', { timeout: 120_000 }, async () => {
    await openTab(page, 'environment')
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      await page.evaluate((theme) => {
        localStorage.setItem('starlight-theme', theme)
        document.documentElement.dataset.theme = theme
      }, scheme)
      const violations = await axeViolations(page)
      assert.equal(violations.length, 0, `${scheme}:\n${describeViolations(violations)}`)
    }
    await page.setViewportSize({ width: 390, height: 844 })
    const overflow = await page.getByTestId('environment').evaluate((element) => element.scrollWidth - element.clientWidth)
    assert.ok(overflow <= 1, `the picture is ${overflow}px wider than a phone's pane`)
    await page.getByTestId('workbench').screenshot({ path: `${RESULTS_DIR}environment-phone-dark.png` })
  })
})
