/**
 * @module Driving the lesson page's workbench as a learner does: open a lesson, open a tab, read and
 * type into the editor (Monaco), and call the session's API as the page would, with the page's own
 * session.
 */
import { mkdir } from 'node:fs/promises'
import { before } from 'node:test'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { pageSession } from './browser.ts'
import { learnerPerSuite, type Learner } from './learner.ts'

/** Where the workbench tests put their screenshots (the README shows some). */
export const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))

/** Opens the lesson page at `path` and waits until its terminal is connected to the learner's sandbox. */
export async function openLesson(page: Page, baseUrl: string, path: string): Promise<void> {
  await page.goto(`${baseUrl}${path}`)
  await page.locator('[data-testid="terminal-status"][data-state="connected"]').waitFor({ timeout: 60_000 })
}

/**
 * One learner with the lesson page at `path` open, for the tests of the calling `describe`: set up
 * before them, removed after them (session, browser, server).
 */
export function learnerOnLesson(path: string): { readonly learner: Learner } {
  const suite = learnerPerSuite()
  before(async () => {
    await mkdir(SCREENSHOTS, { recursive: true })
    await openLesson(suite.current.page, suite.current.server.baseUrl, path)
  })
  return {
    get learner() {
      return suite.current
    },
  }
}

export type WorkbenchTab = 'terminal' | 'editor' | 'preview' | 'environment'

/** Waits until the workbench shows `tab` (it re-renders just after the click or keypress that asks). */
export async function waitForActiveTab(page: Page, tab: WorkbenchTab): Promise<void> {
  await page.locator(`[data-testid="workbench"][data-active="${tab}"]`).waitFor({ timeout: 5_000 })
}

/** Clicks the tab and waits until its panel shows. */
export async function openTab(page: Page, tab: WorkbenchTab): Promise<void> {
  await page.locator(`[data-testid="workbench-tab"][data-tab="${tab}"]`).click()
  await page.getByTestId(`workbench-panel-${tab}`).waitFor({ state: 'visible' })
}

/** Waits until the editor shows `path` (workspace-relative) ready to be edited. */
export async function waitForEditorFile(page: Page, path: string, timeoutMs = 30_000): Promise<void> {
  await page.locator(`[data-testid="editor"][data-state="ready"][data-file="${path}"]`).waitFor({ timeout: timeoutMs })
}

/** The lines Monaco shows, as text (Monaco renders spaces as no-break spaces). */
export async function editorText(page: Page): Promise<string> {
  const lines = await page.locator('[data-testid="editor"] .view-lines .view-line').evaluateAll((rows) =>
    rows
      .map((row) => ({ top: parseFloat((row as HTMLElement).style.top), text: (row as HTMLElement).innerText }))
      .sort((a, b) => a.top - b.top)
      .map((row) => row.text),
  )
  return lines.join('\n').replace(/\u00a0/g, ' ')
}

/** Puts the cursor at the end of the open file and types `text` (`\n` presses Enter). */
export async function typeAtEndOfFile(page: Page, text: string): Promise<void> {
  await page.locator('[data-testid="editor"] .view-lines').click()
  await page.keyboard.press('Control+End')
  await page.keyboard.type(text)
}

/**
 * A call to the page's session's route (`/api/sessions/<id>/<route>`), as the site makes it.
 * @throws Error when the page has no session
 */
export async function sessionApi(page: Page, baseUrl: string, route: string, init: RequestInit = {}): Promise<Response> {
  const session = await pageSession(page)
  if (!session) throw new Error('the page has no session yet')
  return fetch(`${baseUrl}/api/sessions/${session.id}/${route}`, {
    ...init,
    headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json', ...init.headers },
  })
}

/** The content of a workspace file, read through the files API. */
export async function workspaceFile(page: Page, baseUrl: string, path: string): Promise<string> {
  const response = await sessionApi(page, baseUrl, `files?path=${encodeURIComponent(path)}`)
  if (!response.ok) throw new Error(`GET files?path=${path} answered ${response.status}: ${await response.text()}`)
  return ((await response.json()) as { content: string }).content
}
