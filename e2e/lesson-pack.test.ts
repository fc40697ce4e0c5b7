/**
 * End to end, an instructor's own lesson pack: scaffolded outside the repository by `lesson:new`
 * (graded by a shell check script), built into the site with `LESSONS_DIR`, served by a server
 * given the same pack, and solved by a learner in Chromium — the page exists after the course,
 * its files are in the workstation, and 채점 fails, then passes.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { createLesson } from '@docker-classroom/lessons'
import type { Browser, Page } from 'playwright-core'
import { deletePageSession, launchChromium } from './support/browser.ts'
import { startServer, type RunningServer } from './support/server.ts'
import { typeInTerminal, waitForTerminalText } from './support/terminal.ts'

const SITE = fileURLToPath(new URL('../site/', import.meta.url))
const ASTRO_CLI = path.join(path.dirname(createRequire(path.join(SITE, 'package.json')).resolve('astro/package.json')), 'bin', 'astro.mjs')

describe("an instructor's lesson pack, served with the course", () => {
  let scratch: string
  let server: RunningServer
  let browser: Browser
  let page: Page

  before(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'lesson-pack-e2e-'))
    const pack = path.join(scratch, 'team-pack')
    await createLesson(pack, { id: 'team-web', title: '우리 팀의 웹 서버', check: 'sh', helpersImport: '@docker-classroom/lessons' })
    const siteDir = path.join(scratch, 'site')
    await promisify(execFile)(process.execPath, [ASTRO_CLI, 'build', '--outDir', siteDir], {
      cwd: SITE,
      env: { ...process.env, LESSONS_DIR: pack },
      maxBuffer: 16 * 1024 * 1024,
    })
    server = await startServer({ LESSONS_DIR: pack, SITE_DIR: siteDir })
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  })

  after(async () => {
    if (page && server) await deletePageSession(page, server.baseUrl).catch(() => {})
    await browser?.close()
    await server?.stop()
    if (scratch) await rm(scratch, { recursive: true, force: true })
  })

  it('lists the pack lesson after the course, in the outline and the sidebar', async () => {
    const outline = (await (await fetch(`${server.baseUrl}/api/lessons`)).json()) as { id: string }[]
    assert.equal(outline.at(-1)?.id, 'team-web')
    await page.goto(`${server.baseUrl}/lessons/team-web/`)
    assert.equal(await page.locator('h1').first().innerText(), '우리 팀의 웹 서버')
    await page.locator('nav a[href$="/lessons/team-web/"]').first().waitFor()
  })

  it("has the pack's files in the workstation and grades with its shell check", async () => {
    await page.locator('[data-testid="terminal-status"][data-state="connected"]').waitFor({ timeout: 90_000 })
    await typeInTerminal(page, 'cat ~/workspace/team-web/page.html')
    await waitForTerminalText(page, '안녕하세요, 도커 교실!')

    await page.getByTestId('check-button').click()
    const failed = page.locator('[data-testid="check-summary"][data-passed="false"]')
    await failed.waitFor({ timeout: 30_000 })
    const conditions = await page.getByTestId('check-condition').allInnerTexts()
    assert.ok(conditions.some((text) => /my-web 컨테이너가 실행 중이 아닙니다[\s\S]*docker run -d --name my-web/.test(text)), conditions.join('\n'))

    await typeInTerminal(page, 'docker run -d --name my-web -p 8080:80 nginx')
    await typeInTerminal(page, 'docker ps --format "{{.Names}} 떴음"')
    await waitForTerminalText(page, 'my-web 떴음', { timeoutMs: 90_000 })
    await page.getByTestId('check-button').click()
    await page.locator('[data-testid="check-summary"][data-passed="true"]').waitFor({ timeout: 30_000 })
  })
})
