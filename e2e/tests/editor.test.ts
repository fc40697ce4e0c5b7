/**
 * End to end, as a learner: the workbench's 에디터 tab in Chromium on the real server. The lesson
 * folder's Dockerfile (written in the terminal) opens by itself, highlighted; an edit shows the
 * unsaved mark, Ctrl+S saves it into the sandbox (axe finds nothing in the open editor), and 빌드
 * builds it in the terminal into an image that carries the edit. A file changed in the sandbox
 * after it was opened is taken as it is when the editor has no unsaved edit; with one, the learner
 * chooses (on coming back to the tab, or on saving): 다시 불러오기 takes the sandbox's version,
 * 내 내용으로 덮어쓰기 keeps the editor's.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { axeViolations, describeViolations } from '../support/axe.ts'
import { typeInTerminal, waitForTerminalText } from '../support/terminal.ts'
import {
  editorText,
  learnerOnLesson,
  openTab,
  SCREENSHOTS,
  sessionApi,
  typeAtEndOfFile,
  waitForActiveTab,
  waitForEditorFile,
  workspaceFile,
} from '../support/workbench.ts'

const LESSON = 'first-container'
const DOCKERFILE = `${LESSON}/Dockerfile`

let commands = 0

/** Types `command` in the terminal and waits until it has finished. */
async function runInTerminal(page: Page, command: string): Promise<void> {
  await openTab(page, 'terminal')
  const marker = `editor-step-${++commands}-done`
  await typeInTerminal(page, `${command} && echo ${marker}`)
  // Once in the typed line, once as output.
  await waitForTerminalText(page, marker, { times: 2 })
}

async function saveWithKeyboard(page: Page): Promise<void> {
  await page.keyboard.press('Control+s')
}

async function waitForStatus(page: Page, pattern: RegExp): Promise<void> {
  const status = page.getByTestId('editor-status')
  const deadline = Date.now() + 15_000
  while (!pattern.test(await status.innerText())) {
    if (Date.now() > deadline) throw new Error(`the editor's status never matched ${pattern}; it says "${await status.innerText()}"`)
    await page.waitForTimeout(100)
  }
}

interface ImageSummary {
  tags: string[]
  steps: { createdBy: string }[]
}

/** Waits until the sandbox's engine has an image tagged `tag`, and returns it (through the images API). */
async function waitForImage(page: Page, baseUrl: string, tag: string, timeoutMs = 180_000): Promise<ImageSummary> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const response = await sessionApi(page, baseUrl, 'images')
    assert.equal(response.status, 200, await response.clone().text())
    const { images } = (await response.json()) as { images: ImageSummary[] }
    const image = images.find((candidate) => candidate.tags.includes(tag))
    if (image) return image
    await page.waitForTimeout(500)
  }
  throw new Error(`no image tagged ${tag} within ${timeoutMs} ms`)
}

describe('the editor tab in the browser', () => {
  const fixture = learnerOnLesson(`/lessons/${LESSON}/`)

  it('is not loaded with the page: Monaco comes when the tab is first opened', async () => {
    const { page } = fixture.learner
    const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name))
    assert.ok(!scripts.some((url) => /monaco|EditorPanel|editor\.worker/.test(url)), `loaded before the tab opened:\n${scripts.join('\n')}`)
  })

  it('edits the Dockerfile, saves it with Ctrl+S and builds it with 빌드 into an image that has the edit', { timeout: 300_000 }, async () => {
    const { page, server: { baseUrl } } = fixture.learner
    await runInTerminal(page, `printf 'FROM busybox\\nCMD ["echo", "built from the editor"]\\n' > ~/workspace/${DOCKERFILE}`)
    await openTab(page, 'editor')
    await waitForEditorFile(page, DOCKERFILE)
    const tree = await page.getByTestId('editor-file').evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-path')))
    assert.deepEqual(tree, [DOCKERFILE, `${LESSON}/README.md`])
    assert.match(await editorText(page), /^FROM busybox\nCMD \["echo", "built from the editor"\]/)
    // Highlighted as a Dockerfile: the instruction is a token of its own colour, unlike its argument.
    const [instruction, argument] = await Promise.all(
      ['FROM', 'busybox'].map((word) => page.locator('[data-testid="editor"] .view-line span > span', { hasText: word }).first().getAttribute('class')),
    )
    assert.notEqual(instruction, argument)

    await typeAtEndOfFile(page, 'LABEL classroom.edited=yes\n')
    await page.getByTestId('editor-dirty').first().waitFor()
    await saveWithKeyboard(page)
    await waitForStatus(page, /Dockerfile 파일을 저장했습니다/)
    assert.equal(await page.getByTestId('editor-dirty').count(), 0, 'the unsaved mark goes once saved')
    assert.match(await workspaceFile(page, baseUrl, DOCKERFILE), /\nLABEL classroom\.edited=yes\n$/)
    await page.getByTestId('workbench').screenshot({ path: `${SCREENSHOTS}workbench-editor.png` })
    const violations = await axeViolations(page)
    assert.equal(violations.length, 0, describeViolations(violations))

    await page.getByTestId('editor-build').click()
    await waitForActiveTab(page, 'terminal')
    await waitForTerminalText(page, `docker build -t ${LESSON} ~/workspace/${LESSON}`)
    const image = await waitForImage(page, baseUrl, `${LESSON}:latest`)
    assert.ok(image.steps.some((step) => step.createdBy.includes('classroom.edited=yes')), JSON.stringify(image.steps))
  })

  it('takes a change made in the terminal when the file has no unsaved edit', async () => {
    const { page } = fixture.learner
    await runInTerminal(page, `echo 'LABEL changed.in=terminal' >> ~/workspace/${DOCKERFILE}`)
    await openTab(page, 'editor')
    await waitForStatus(page, /Dockerfile 파일을 다시 불러왔습니다/)
    assert.match(await editorText(page), /LABEL classroom\.edited=yes\nLABEL changed\.in=terminal/)
    assert.equal(await page.getByTestId('editor-conflict').count(), 0)
  })

  it('asks on coming back when the terminal changed a file with unsaved edits; 다시 불러오기 drops the edits', async () => {
    const { page } = fixture.learner
    await typeAtEndOfFile(page, 'LABEL typed.in=editor\n')
    await runInTerminal(page, `echo 'LABEL changed.again=terminal' >> ~/workspace/${DOCKERFILE}`)
    await openTab(page, 'editor')
    const conflict = page.getByTestId('editor-conflict')
    await conflict.waitFor()
    assert.match(await conflict.innerText(), /작업 환경의 Dockerfile 파일이 바뀌었습니다/)
    assert.equal(await conflict.getAttribute('role'), 'alert')
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'editor-reload')
    await page.getByTestId('workbench').screenshot({ path: `${SCREENSHOTS}workbench-editor-conflict.png` })

    await page.getByTestId('editor-reload').click()
    await conflict.waitFor({ state: 'detached' })
    const text = await editorText(page)
    assert.match(text, /LABEL changed\.again=terminal/)
    assert.doesNotMatch(text, /typed\.in=editor/)
    assert.equal(await page.getByTestId('editor-dirty').count(), 0)
  })

  it('refuses a save over a newer file with a choice; 내 내용으로 덮어쓰기 keeps the edit, and the next save needs none', async () => {
    const { page, server: { baseUrl } } = fixture.learner
    await typeAtEndOfFile(page, 'LABEL kept.from=editor\n')
    // Another writer (a second browser tab's editor) saves the file while this one has it open.
    const newer = `${await workspaceFile(page, baseUrl, DOCKERFILE)}LABEL written.elsewhere=yes\n`
    const written = await sessionApi(page, baseUrl, `files?path=${encodeURIComponent(DOCKERFILE)}`, { method: 'PUT', body: JSON.stringify({ content: newer }) })
    assert.equal(written.status, 200)
    await saveWithKeyboard(page)
    await page.getByTestId('editor-conflict').waitFor()
    assert.match(await workspaceFile(page, baseUrl, DOCKERFILE), /written\.elsewhere/, 'nothing was written over it yet')
    await page.getByTestId('editor-overwrite').click()
    await page.getByTestId('editor-conflict').waitFor({ state: 'detached' })
    await waitForStatus(page, /저장했습니다/)
    let saved = await workspaceFile(page, baseUrl, DOCKERFILE)
    assert.match(saved, /LABEL kept\.from=editor/)
    assert.doesNotMatch(saved, /written\.elsewhere/)

    await typeAtEndOfFile(page, 'LABEL saved.twice=yes\n')
    await page.getByTestId('editor-dirty').first().waitFor()
    await saveWithKeyboard(page)
    await page.getByTestId('editor-dirty').first().waitFor({ state: 'detached' })
    assert.equal(await page.getByTestId('editor-conflict').count(), 0)
    saved = await workspaceFile(page, baseUrl, DOCKERFILE)
    assert.match(saved, /LABEL kept\.from=editor\nLABEL saved\.twice=yes\n$/)
  })
})
