/**
 * End to end, a workshop: an instructor and three learners, each in a browser context of their
 * own, on the real server and engine. The instructor signs in and creates a class; the learners
 * join with its code; their lessons and 채점 results appear live on the dashboard; the instructor
 * watches a terminal, broadcasts, resets a sandbox (a learner's open page moves to it, a closed one
 * takes it when it opens again), ends the class and exports the results.
 */
import assert from 'node:assert/strict'
import { mkdir, readFile } from 'node:fs/promises'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchChromium, loadDespiteNetworkChanges, pageSession } from './support/browser.ts'
import { startServer, type RunningServer } from './support/server.ts'
import { typeInTerminal, waitForTerminalText } from './support/terminal.ts'

const RESULTS_DIR = fileURLToPath(new URL('./test-results/', import.meta.url))
const SCREENSHOTS_DIR = fileURLToPath(new URL('../docs/screenshots/', import.meta.url))
const INSTRUCTOR = { name: 'kim', password: 'workshop-pass' }
const NICKNAMES = ['민수', '지영', '하늘'] as const

describe('a classroom workshop in the browser', () => {
  let server: RunningServer
  let browser: Browser
  const contexts: BrowserContext[] = []
  let teacher: Page
  const learners: Page[] = []
  let joinCode = ''

  const row = (nickname: string) => teacher.locator(`[data-testid="member-row"][data-nickname="${nickname}"]`)

  before(async () => {
    await mkdir(RESULTS_DIR, { recursive: true })
    server = await startServer({ INSTRUCTORS: `${INSTRUCTOR.name}:${INSTRUCTOR.password}` })
    browser = await launchChromium()
    const open = async (viewport: { width: number; height: number }) => {
      const context = await browser.newContext({ viewport })
      contexts.push(context)
      return context.newPage()
    }
    teacher = await open({ width: 1400, height: 1000 })
    teacher.on('dialog', (dialog) => void dialog.accept())
    for (const _ of NICKNAMES) learners.push(await open({ width: 1300, height: 850 }))
  })

  after(async () => {
    await teacher?.screenshot({ path: `${RESULTS_DIR}classroom-end.png`, fullPage: true }).catch(() => {})
    await browser?.close()
    await server?.stop()
  })

  it('lets the instructor sign in and create a class with a join code and QR code', async () => {
    await teacher.goto(`${server.baseUrl}/teach/`)
    await teacher.getByTestId('teach-name').fill(INSTRUCTOR.name)
    await teacher.getByTestId('teach-password').fill(INSTRUCTOR.password)
    await teacher.getByTestId('teach-submit').click()
    await teacher.getByTestId('class-name').fill('토요 도커 워크숍')
    await teacher.getByTestId('class-capacity').fill('5')
    // Only lesson 2 (첫 컨테이너): untick the rest.
    for (const box of await teacher.getByTestId('class-lesson').all()) {
      if ((await box.getAttribute('data-lesson-id')) !== 'first-container') await box.uncheck()
    }
    await teacher.getByTestId('class-create').click()
    await teacher.getByTestId('dashboard').waitFor()
    joinCode = (await teacher.getByTestId('join-code-display').innerText()).trim()
    assert.match(joinCode, /^[A-Z0-9]{6}$/)
    await teacher.getByTestId('join-qr').locator('svg').waitFor()
  })

  it('joins three learners with the code, each in a sandbox of their own, shown live on the dashboard', async () => {
    await Promise.all(
      learners.map(async (page, index) => {
        await page.goto(`${server.baseUrl}/join/?code=${joinCode}`)
        // The code comes from the QR link's query, filled in once the form has loaded.
        await page.waitForFunction(
          (code) => (document.querySelector('[data-testid="join-code"]') as HTMLInputElement | null)?.value === code,
          joinCode,
        )
        await page.getByTestId('join-nickname').fill(NICKNAMES[index]!)
        // Three sandboxes start at once here, each adding a network to this host (see loadDespiteNetworkChanges).
        await loadDespiteNetworkChanges(
          page,
          async () => {
            await page.getByTestId('join-submit').click()
            await page.waitForURL('**/lessons/first-container/', { timeout: 90_000 })
          },
          async () => {
            await page.getByTestId('class-banner').waitFor()
            await page.locator('[data-testid="terminal-status"][data-state="connected"]').waitFor({ timeout: 90_000 })
          },
        )
      }),
    )
    const sessions = await Promise.all(learners.map((page) => pageSession(page)))
    assert.equal(new Set(sessions.map((session) => session?.id)).size, 3, 'three different sandboxes')
    for (const nickname of NICKNAMES) {
      await row(nickname).waitFor({ timeout: 10_000 })
      await assert.doesNotReject(
        row(nickname).getByTestId('member-lesson').filter({ hasText: '첫 컨테이너' }).waitFor({ timeout: 10_000 }),
      )
    }
  })

  it('shows each 채점 on the dashboard as it happens: who passed, who is stuck', async () => {
    const [minsu, jiyoung] = learners as [Page, Page, Page]
    await typeInTerminal(minsu, 'docker run -d --name web -p 8080:80 nginx')
    await typeInTerminal(minsu, 'docker ps --format "{{.Names}} 실행중"')
    await waitForTerminalText(minsu, 'web 실행중', { timeoutMs: 90_000 })
    await minsu.getByTestId('check-button').click()
    await minsu.locator('[data-testid="check-summary"][data-passed="true"]').waitFor({ timeout: 30_000 })
    await jiyoung.getByTestId('check-button').click()
    await jiyoung.locator('[data-testid="check-summary"][data-passed="false"]').waitFor({ timeout: 30_000 })

    await row('민수').locator('[data-testid="result-cell"][data-exercise-id="run-nginx"][data-status="passed"]').waitFor({ timeout: 10_000 })
    await row('지영').locator('[data-testid="result-cell"][data-exercise-id="run-nginx"][data-status="failed"]').waitFor({ timeout: 10_000 })
    await row('하늘').locator('[data-testid="result-cell"][data-exercise-id="run-nginx"][data-status="none"]').waitFor()
    assert.match(await teacher.getByTestId('exercise-overview').innerText(), /통과 1명 · 막힘 1명 · 아직 1명[\s\S]*지영/)
    await mkdir(SCREENSHOTS_DIR, { recursive: true })
    await teacher.screenshot({ path: `${SCREENSHOTS_DIR}classroom-dashboard.png`, fullPage: true })
  })

  it("lets the instructor watch a learner's terminal read-only", async () => {
    const minsu = learners[0]!
    await row('민수').getByTestId('mirror-button').click()
    const dialog = teacher.getByTestId('mirror-dialog')
    await dialog.waitFor()
    await typeInTerminal(minsu, 'echo "거울-확인-$((6*7))"')
    await assert.doesNotReject(
      dialog.locator('.xterm-rows').filter({ hasText: '거울-확인-42' }).waitFor({ timeout: 30_000 }),
      'the mirror shows what the learner runs',
    )
    await dialog.locator('.xterm-screen').click()
    await teacher.keyboard.type('echo typed-by-teacher')
    await teacher.keyboard.press('Enter')
    await teacher.waitForTimeout(1000)
    assert.doesNotMatch(await minsu.locator('[data-testid="terminal"] .xterm-rows').innerText(), /typed-by-teacher/)
    await dialog.getByRole('button', { name: '닫기' }).click()
    await dialog.waitFor({ state: 'hidden' })
  })

  it('broadcasts a message that every learner sees', async () => {
    await teacher.getByTestId('broadcast-text').fill('10분 쉬었다가 다시 시작합니다')
    await teacher.getByTestId('broadcast-send').click()
    for (const page of learners) {
      await page.getByTestId('class-broadcast').filter({ hasText: '10분 쉬었다가 다시 시작합니다' }).waitFor({ timeout: 10_000 })
    }
  })

  it("resets one learner's sandbox: their page moves to a fresh one by itself", async () => {
    const haneul = learners[2]!
    const before = await pageSession(haneul)
    await row('하늘').getByTestId('reset-button').click()
    await haneul.waitForFunction((old) => JSON.parse(sessionStorage.getItem('docker-classroom:session') ?? 'null')?.id !== old, before?.id, {
      timeout: 60_000,
    })
    await haneul.locator('[data-testid="terminal-status"][data-state="connected"]').waitFor({ timeout: 90_000 })
    const old = await fetch(`${server.baseUrl}/api/sessions/${before?.id}`, { headers: { authorization: `Bearer ${before?.token}` } })
    assert.equal(old.status, 404, 'the old sandbox is gone')
  })

  it('gives a learner whose page was closed at the reset the new sandbox when they come back', async () => {
    const jiyoung = learners[1]!
    const lessonUrl = jiyoung.url()
    const member = await jiyoung.evaluate(() => JSON.parse(localStorage.getItem('docker-classroom:member') ?? 'null') as { id: string; token: string })
    const memberView = async () => {
      const response = await fetch(`${server.baseUrl}/api/classroom/members/${member.id}`, { headers: { authorization: `Bearer ${member.token}` } })
      assert.equal(response.status, 200)
      return (await response.json()) as { sessionId: string; newSessionWaiting: boolean }
    }
    await jiyoung.goto('about:blank')
    await row('지영').getByTestId('reset-button').click()
    let waiting = await memberView()
    for (const deadline = Date.now() + 60_000; !waiting.newSessionWaiting; waiting = await memberView()) {
      assert.ok(Date.now() < deadline, 'the reset made a new session')
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    // The reset's pool refill adds a network to this host as her page loads (see loadDespiteNetworkChanges).
    await loadDespiteNetworkChanges(
      jiyoung,
      () => jiyoung.goto(lessonUrl),
      async () => {
        // Her page takes the waiting sandbox, not a session of its own.
        await jiyoung.waitForFunction((id) => JSON.parse(sessionStorage.getItem('docker-classroom:session') ?? 'null')?.id === id, waiting.sessionId, {
          timeout: 60_000,
        })
        await jiyoung.locator('[data-testid="terminal-status"][data-state="connected"]').waitFor({ timeout: 90_000 })
      },
    )
    assert.equal((await memberView()).newSessionWaiting, false)
  })

  it('ends the class: learners are told, every sandbox goes, and the results export as CSV', async () => {
    const sessions = await Promise.all(learners.map((page) => pageSession(page)))
    await teacher.getByTestId('end-button').click()
    await teacher.getByTestId('class-status').filter({ hasText: '수업이 끝났습니다' }).waitFor({ timeout: 30_000 })
    for (const page of learners) await page.getByTestId('class-ended').waitFor({ timeout: 10_000 })
    for (const session of sessions) {
      const response = await fetch(`${server.baseUrl}/api/sessions/${session?.id}`, { headers: { authorization: `Bearer ${session?.token}` } })
      assert.equal(response.status, 404)
    }
    const [download] = await Promise.all([teacher.waitForEvent('download'), teacher.getByTestId('csv-button').click()])
    const bytes = await readFile((await download.path())!)
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf])
    const csv = bytes.subarray(3).toString('utf8')
    assert.match(csv, /^별명,참여 시각,레슨,실습,결과,채점 횟수,마지막 채점\r\n/)
    assert.match(csv, /민수,[^,]+,first-container,run-nginx,통과,1,/)
    assert.match(csv, /지영,[^,]+,first-container,run-nginx,실패,1,/)
    assert.match(csv, /하늘,[^,]+,first-container,run-nginx,시도 안 함,0,/)
  })
})
