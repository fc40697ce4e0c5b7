/**
 * @module Time from opening a lesson page in Chromium to a usable prompt in its terminal — what a
 * learner waits for — over fresh browser contexts (each a new learner with a new sandbox), with the
 * warm pool on and off. Every session it opens is deleted.
 *
 *   node bench/src/prompt-in-browser.ts [--runs 5]
 */
import { parseArgs } from 'node:util'
import { deletePageSession, launchChromium } from '../../e2e/support/browser.ts'
import { startServer } from '../../e2e/support/server.ts'
import { waitForTerminalText } from '../../e2e/support/terminal.ts'
import { summarize } from './stats.ts'

const LESSON_PATH = '/lessons/first-container/'
/** The workstation's prompt (catalog/images/workstation/bashrc). */
const PROMPT = 'learner@docker-classroom'

async function measure(poolSize: number, runs: number): Promise<number[]> {
  // Every learner here comes from 127.0.0.1: lift the per-client creation limit, or it is what is timed.
  const server = await startServer({
    POOL_SIZE: String(poolSize),
    SESSION_CREATE_BURST: '1000',
    SESSION_CREATES_PER_MINUTE: '1000',
    MAX_SESSIONS_PER_CLIENT: '1000',
  })
  const browser = await launchChromium()
  const timings: number[] = []
  try {
    for (let run = 0; run < runs; run += 1) {
      if (poolSize > 0) await waitForPool(server.baseUrl, poolSize)
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
      const page = await context.newPage()
      const started = performance.now()
      await page.goto(`${server.baseUrl}${LESSON_PATH}`)
      await waitForTerminalText(page, PROMPT, { timeoutMs: 60_000 })
      timings.push(performance.now() - started)
      await deletePageSession(page, server.baseUrl)
      await context.close()
    }
  } finally {
    await browser.close()
    await server.stop()
  }
  return timings
}

/** Waits until the pool is full again, so each warm run starts as a learner arriving later would. */
async function waitForPool(baseUrl: string, size: number): Promise<void> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    const health = (await (await fetch(`${baseUrl}/healthz`)).json()) as { pool?: { ready: number } }
    if ((health.pool?.ready ?? 0) >= size) return
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`the warm pool did not refill to ${size} within 60 s`)
}

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } })
const runs = Number(values.runs)
console.log(`lesson page → prompt in the terminal, ${runs} fresh learners each (ms)`)
for (const [label, poolSize] of [['warm pool (2)', 2], ['no pool (cold)', 0]] as const) {
  const { p50, p95, max } = summarize(await measure(poolSize, runs))
  console.log(`${label.padEnd(16)} p50 ${p50.toFixed(0)}  p95 ${p95.toFixed(0)}  max ${max.toFixed(0)}`)
}
