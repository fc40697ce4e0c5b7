/**
 * @module The lesson workbench's budgets in Debian's Chromium (1400×900, no throttling), each run
 * in a fresh browser context (an empty cache, as on a learner's first visit):
 * - the Largest Contentful Paint of a lesson page served locally by the real server (< 1 s);
 * - the time from the first click on 에디터 to an editable editor: Monaco loaded, created, and the
 *   lesson folder's main file open in it (< 1.5 s). Each run then types into it to prove it edits.
 * Prints p50, p95 and max; `--write` puts the table into docs/benchmarks.md between its
 * `workbench-bench` markers.
 *
 *   node bench/src/workbench-in-browser.ts [--runs 10] [--url http://127.0.0.1:3000] [--write]
 *
 * Without `--url` it starts the server itself (its own port and socket root, the built site/dist).
 * Every run uses one session made for the benchmark, put into the context's sessionStorage as the
 * site keeps it, so runs do not each start a sandbox (session start is measured by `npm run
 * bench`); it is deleted at the end.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { Browser } from 'playwright-core'
import { launchChromium } from '../../e2e/support/browser.ts'
import { startServer, type RunningServer } from '../../e2e/support/server.ts'
import { withMarkedSection } from './marked-section.ts'
import { largestContentfulPaint } from './page-metrics.ts'
import { summarize, type Summary } from './stats.ts'

const REPORT = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url))
const LESSON = 'first-container'
const LCP_BUDGET_MS = 1000
const EDITOR_BUDGET_MS = 1500
/** Key under which the site keeps its session (`site/src/lib/session/session-client.ts`). */
const SESSION_STORAGE_KEY = 'docker-classroom:session'

interface Session {
  id: string
  token: string
  expiresAt: string
}

interface Run {
  lcpMs: number
  editorMs: number
}

async function createSession(baseUrl: string): Promise<Session> {
  const response = await fetch(`${baseUrl}/api/sessions`, { method: 'POST' })
  if (response.status !== 201) throw new Error(`POST /api/sessions answered ${response.status}: ${await response.text()}`)
  return (await response.json()) as Session
}

async function measureOnce(browser: Browser, baseUrl: string, session: Session): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
  try {
    await context.addInitScript(([key, value]) => window.sessionStorage.setItem(key!, value!), [SESSION_STORAGE_KEY, JSON.stringify(session)])
    const page = await context.newPage()
    await page.goto(`${baseUrl}/lessons/${LESSON}/`, { waitUntil: 'load' })
    await page.locator('[data-testid="terminal-status"][data-state="connected"]').waitFor({ timeout: 60_000 })
    // Read before the click: the browser stops reporting LCP candidates at the first input.
    const lcpMs = await largestContentfulPaint(page)

    const tab = page.locator('[data-testid="workbench-tab"][data-tab="editor"]')
    const started = await page.evaluate(() => performance.now())
    await tab.click()
    await page.locator('[data-testid="editor"][data-state="ready"][data-file]').waitFor({ timeout: 30_000 })
    const editorMs = (await page.evaluate(() => performance.now())) - started

    await page.locator('[data-testid="editor"] .view-lines').click()
    await page.keyboard.type('x')
    await page.getByTestId('editor-dirty').first().waitFor({ timeout: 5_000 })
    return { lcpMs, editorMs }
  } finally {
    await context.close()
  }
}

function row(name: string, budgetMs: number, summary: Summary): string {
  const ms = (value: number) => `${Math.round(value)} ms`
  return `| ${name} | < ${budgetMs} ms | ${ms(summary.p50)} | ${ms(summary.p95)} | ${ms(summary.max)} | ${summary.count} | ${summary.p95 < budgetMs ? '✓' : '✗'} |`
}

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    url: { type: 'string' },
    write: { type: 'boolean', default: false },
  },
})
const runs = Number(values.runs)
let server: RunningServer | null = null
if (!values.url) server = await startServer({ SESSION_CREATE_BURST: '1000', SESSION_CREATES_PER_MINUTE: '1000', MAX_SESSIONS_PER_CLIENT: '1000' })
const baseUrl = values.url ?? server!.baseUrl
const browser = await launchChromium()
const session = await createSession(baseUrl)
const results: Run[] = []
try {
  for (let run = 0; run < runs; run++) results.push(await measureOnce(browser, baseUrl, session))
} finally {
  await fetch(`${baseUrl}/api/sessions/${session.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${session.token}` } })
  await browser.close()
  await server?.stop()
}

const lcp = summarize(results.map((result) => result.lcpMs))
const editor = summarize(results.map((result) => result.editorMs))
const table = [
  '| measure | budget | p50 | p95 | max | runs | met (p95) |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  row(`LCP of \`/lessons/${LESSON}/\``, LCP_BUDGET_MS, lcp),
  row('에디터 opened the first time → editable', EDITOR_BUDGET_MS, editor),
]
console.log(table.join('\n'))
if (values.write) {
  const intro = [
    `Measured ${new Date().toISOString().slice(0, 10)} by \`node bench/src/workbench-in-browser.ts --runs ${runs} --write\`${values.url ? ` against ${values.url}` : ''}:`,
    'each run a fresh Chromium context (empty cache) on one session made for the benchmark.',
  ].join(' ')
  const report = await readFile(REPORT, 'utf8').catch(() => '# Benchmarks\n')
  await writeFile(REPORT, withMarkedSection(report, 'workbench-bench', '## Lesson workbench: LCP and the editor tab, in Chromium', `${intro}\n\n${table.join('\n')}`))
}
process.exitCode = lcp.p95 < LCP_BUDGET_MS && editor.p95 < EDITOR_BUDGET_MS ? 0 : 1
