/**
 * @module What a page of the built site costs a learner before they touch it: the JavaScript the
 * browser fetches (every script response, dynamic imports included, until the network has been
 * quiet for a second), summed as gzip would send it, and the Largest Contentful Paint, in Debian's
 * Chromium. Prints one row per page and exits with 1 when a page is over budget; `--write` also puts
 * the table into docs/benchmarks.md, between its `site-budget` markers (added at the end if missing).
 *
 *   node site/scripts/measure-budget.ts [--url http://localhost:3000] [--runs 5] [--write] [path …]
 *
 * Without `--url` it serves `site/dist` itself (no API: the terminal shows its error state, which
 * loads the same code). Sizes are gzip level 6 of each body, whatever the server sent, so the figure
 * does not depend on whether the server compresses. LCP is the median of `--runs` fresh page loads.
 */
import { createReadStream, existsSync, statSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import type { Browser } from 'playwright-core'
import { withMarkedSection } from '../../bench/src/marked-section.ts'
import { largestContentfulPaint } from '../../bench/src/page-metrics.ts'
import { median } from '../../bench/src/stats.ts'
import { launchChromium } from '../../e2e/support/browser.ts'

const DIST = fileURLToPath(new URL('../dist/', import.meta.url))
const REPORT = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url))
const DEFAULT_PATHS = ['/lessons/first-container/', '/']
/** The site's budget (docs/benchmarks.md). */
const JS_BUDGET_BYTES = 150 * 1024
const LCP_BUDGET_MS = 1000
const QUIET_MS = 1000

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
}

/** A static server over `site/dist`, for measuring without a sandbox server. */
function serveDist(): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)
    let file = path.join(DIST, path.normalize(pathname))
    if (file.startsWith(DIST) && existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html')
    if (!file.startsWith(DIST) || !existsSync(file)) {
      response.writeHead(404).end()
      return
    }
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' })
    createReadStream(file).pipe(response)
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      resolve({ url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, server })
    }),
  )
}

interface Measurement {
  scripts: { url: string; gzipBytes: number }[]
  lcpMs: number
}

async function measure(browser: Browser, url: string): Promise<Measurement> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
  const page = await context.newPage()
  const scripts: Promise<{ url: string; gzipBytes: number }>[] = []
  let inFlight = 0
  let lastActivity = Date.now()
  page.on('request', () => {
    inFlight++
    lastActivity = Date.now()
  })
  const settle = () => {
    inFlight--
    lastActivity = Date.now()
  }
  page.on('requestfinished', settle)
  page.on('requestfailed', settle)
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return
    scripts.push(response.body().then((body) => ({ url: response.url(), gzipBytes: gzipSync(body, { level: 6 }).length })))
  })
  await page.goto(url, { waitUntil: 'load' })
  while (inFlight > 0 || Date.now() - lastActivity < QUIET_MS) await page.waitForTimeout(100)
  const lcpMs = await largestContentfulPaint(page)
  await context.close()
  return { scripts: await Promise.all(scripts), lcpMs }
}

interface Row {
  page: string
  jsBytes: number
  scripts: number
  lcpMs: number
  over: boolean
}

/** Replaces the table between the markers of docs/benchmarks.md, or appends a section holding it. */
async function writeReport(rows: Row[], runs: number, url: string | undefined): Promise<void> {
  const table = [
    `Measured ${new Date().toISOString().slice(0, 10)} by \`node site/scripts/measure-budget.ts --write\`${url ? ` against ${url}` : ' (site/dist served by the script)'}; LCP is the median of ${runs} loads.`,
    '',
    '| page | JS before interaction, gzip | scripts | LCP | met (JS < 150 KB, LCP < 1 s) |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| \`${row.page}\` | ${(row.jsBytes / 1024).toFixed(1)} KB | ${row.scripts} | ${Math.round(row.lcpMs)} ms | ${row.over ? '✗' : '✓'} |`),
  ].join('\n')
  const report = await readFile(REPORT, 'utf8').catch(() => '# Benchmarks\n')
  await writeFile(REPORT, withMarkedSection(report, 'site-budget', '## Course site: JavaScript and LCP', table))
}


const { values, positionals } = parseArgs({
  options: {
    url: { type: 'string' },
    runs: { type: 'string', default: '5' },
    verbose: { type: 'boolean', default: false },
    write: { type: 'boolean', default: false },
  },
  allowPositionals: true,
})
const local = values.url ? null : await serveDist()
const baseUrl = values.url ?? local!.url
const browser = await launchChromium()
const rows: Row[] = []
try {
  console.log(`page\tJS gzip KB (scripts)\tLCP ms (median of ${values.runs})`)
  for (const pagePath of positionals.length > 0 ? positionals : DEFAULT_PATHS) {
    const runs: Measurement[] = []
    for (let run = 0; run < Number(values.runs); run++) runs.push(await measure(browser, new URL(pagePath, baseUrl).href))
    const { scripts } = runs[0]!
    const jsBytes = scripts.reduce((sum, script) => sum + script.gzipBytes, 0)
    const lcpMs = median(runs.map((run) => run.lcpMs))
    const over = jsBytes >= JS_BUDGET_BYTES || !(lcpMs < LCP_BUDGET_MS)
    rows.push({ page: pagePath, jsBytes, scripts: scripts.length, lcpMs, over })
    console.log(`${pagePath}\t${(jsBytes / 1024).toFixed(1)} (${scripts.length})\t${Math.round(lcpMs)}${over ? '\tOVER BUDGET' : ''}`)
    if (values.verbose) {
      for (const script of scripts.sort((a, b) => b.gzipBytes - a.gzipBytes)) {
        console.log(`  ${(script.gzipBytes / 1024).toFixed(1).padStart(6)}  ${new URL(script.url).pathname}`)
      }
    }
  }
} finally {
  await browser.close()
  local?.server.close()
}
console.log(`budget: JS < ${JS_BUDGET_BYTES / 1024} KB gzip, LCP < ${LCP_BUDGET_MS} ms`)
if (values.write) await writeReport(rows, Number(values.runs), values.url)
process.exitCode = rows.some((row) => row.over) ? 1 : 0
