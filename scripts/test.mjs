/**
 * @module `npm test`: the same bootstrap as `npm start` (so it works on a fresh machine too), plus
 * Chromium for the browser tests and PostgreSQL for the store tests, then every test file of every
 * workspace through node's test runner — unit tests, tests against the real engine, and end-to-end
 * tests in Chromium.
 */
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { bootstrap, runTestFiles } from './lib/bootstrap.mjs'
import { REPO_ROOT } from './lib/node-runtime.mjs'
import { ensureTestPostgres } from './lib/postgres.mjs'
import { exitOnError, step } from './lib/progress.mjs'
import { run } from './lib/run.mjs'

const WORKSPACES = ['lessons', 'catalog', 'sandbox-server', 'site', 'e2e', 'bench']

/** Every `*.test.ts` / `*.test.mjs` under the workspaces, outside dependencies and build output. */
function findTestFiles() {
  const found = []
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (['node_modules', 'dist', '.astro'].includes(entry.name)) continue
      const target = path.join(dir, entry.name)
      if (entry.isDirectory()) visit(target)
      else if (/\.test\.(ts|mjs)$/.test(entry.name)) found.push(path.relative(REPO_ROOT, target))
    }
  }
  for (const workspace of WORKSPACES) visit(path.join(REPO_ROOT, workspace))
  return found.sort()
}

try {
  await bootstrap({ extraAptPackages: ['chromium', 'fonts-noto-cjk'] })
  // The store and classroom tests run on SQLite always, and on PostgreSQL too when there is one.
  await step('PostgreSQL for the store tests', ensureTestPostgres)
  await step('Type-check every workspace (tsc, astro check; strict)', async () => {
    await run('npm', ['run', '--silent', 'typecheck'], { cwd: REPO_ROOT })
  })
  await runTestFiles('test', findTestFiles())
} catch (error) {
  exitOnError(error)
}
