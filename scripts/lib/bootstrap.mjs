/**
 * @module The bootstrap shared by `npm start` and `npm test`: Node 24, npm dependencies, the Docker
 * engine, the host packages the catalog needs (plus any the caller adds), the image catalog and the
 * site — each step skipped when already done.
 */
import { ensureModernNode, REPO_ROOT } from './node-runtime.mjs'
import { say, step } from './progress.mjs'
import { run } from './run.mjs'

/**
 * @param {{ extraAptPackages?: string[], buildSite?: boolean }} options packages the caller needs
 *   besides the catalog's; `buildSite: false` when the caller serves the site itself (`npm run dev`)
 */
export async function bootstrap({ extraAptPackages = [], buildSite = true } = {}) {
  await ensureModernNode()
  const { ensureAptPackages, ensureEngine } = await import('./host.mjs')
  const { ensureDependencies, ensureImageCatalog, ensureSiteBuilt } = await import('./project.mjs')
  await ensureDependencies()
  await step('Docker engine', ensureEngine)
  const { HOST_APT_PACKAGES } = await import('../../catalog/src/index.ts')
  await ensureAptPackages([...HOST_APT_PACKAGES, ...extraAptPackages], 'the image catalog and tests')
  await ensureImageCatalog()
  if (buildSite) await ensureSiteBuilt()
}

/**
 * Runs test files (paths from the repository root) with node's test runner, one file at a time:
 * the real-engine and browser tests share one small machine. Rejects when any test fails.
 * @param {string} what what the files are, for the progress line ("test", "fault test")
 * @param {string[]} files
 */
export async function runTestFiles(what, files) {
  say(`▶ Running ${files.length} ${what} files`)
  await run(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
    cwd: REPO_ROOT,
    verbose: true,
  })
}
