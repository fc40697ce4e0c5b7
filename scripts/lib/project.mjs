/**
 * @module The project's own steps of the bootstrap: npm dependencies, the image catalog and the
 * static site, each skipped when what it would produce is already current.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { BootstrapError, step } from './progress.mjs'
import { run } from './run.mjs'
import { REPO_ROOT } from './node-runtime.mjs'

const DEPENDENCY_STAMP = path.join(REPO_ROOT, 'node_modules', '.docker-classroom-installed')
const SITE_DIST = path.join(REPO_ROOT, 'site', 'dist')
const SITE_STAMP = path.join(SITE_DIST, '.docker-classroom-source-hash')

/** Hashes the files under `roots` (skipping build output and dependencies), by path and content. */
function hashTree(roots) {
  const hash = createHash('sha256')
  const visit = (target) => {
    if (!existsSync(target)) return
    if (statSync(target).isDirectory()) {
      for (const name of readdirSync(target).sort()) {
        if (['node_modules', 'dist', '.astro'].includes(name)) continue
        visit(path.join(target, name))
      }
    } else {
      hash.update(path.relative(REPO_ROOT, target)).update('\0').update(readFileSync(target)).update('\0')
    }
  }
  for (const root of roots) visit(path.resolve(REPO_ROOT, root))
  return hash.digest('hex')
}

/** `npm ci` when the lock file (or the Node that built native modules) changed since the last install. */
export async function ensureDependencies() {
  const wanted = `${hashTree(['package-lock.json'])} ${process.version}`
  if (existsSync(DEPENDENCY_STAMP) && readFileSync(DEPENDENCY_STAMP, 'utf8') === wanted) return
  await step('Install npm dependencies (npm ci)', async () => {
    await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: REPO_ROOT })
    writeFileSync(DEPENDENCY_STAMP, wanted)
  })
}

/**
 * Whether a catalog progress detail is worth a line of the bootstrap's output: step changes,
 * Dockerfile steps and debootstrap's stages, not every package a build installs or layer it pushes
 * (thousands of lines on a first run; `node catalog/src/cli.ts --verbose` shows them all).
 */
function isMilestone(detail) {
  if (detail === undefined) return true
  if (/^Step \d+\/\d+ :/.test(detail)) return true
  const perPackage = /^I: (Retrieving|Validating) \S+ \S*\d\S*$|^I: (Extracting|Unpacking|Configuring) \S+\.\.\.$/
  return detail.startsWith('I: ') && !perPackage.test(detail)
}

/** Builds, pushes and starts what the course's sandboxes need (see catalog/). */
export async function ensureImageCatalog() {
  const [{ default: Dockerode }, { ensureCatalog }] = await Promise.all([
    import('dockerode'),
    import('../../catalog/src/index.ts'),
  ])
  await step('Image catalog (offline images + local registry)', async () => {
    const report = await ensureCatalog({
      docker: new Dockerode(),
      onProgress: ({ step: name, detail }) => {
        if (isMilestone(detail)) process.stdout.write(`          · ${name}${detail ? `: ${detail}` : ''}\n`)
      },
    })
    const built = report.images.filter((image) => image.action === 'built').map((image) => image.name)
    return built.length ? `built ${built.join(', ')}` : 'all images current'
  })
}

/**
 * Builds the static site when its sources or the lessons changed since the last build; an
 * instructor's pack (`LESSONS_DIR`) counts as lessons, and the build reads it from the same variable.
 */
export async function ensureSiteBuilt() {
  const pack = process.env.LESSONS_DIR
  if (pack && !existsSync(pack)) throw new BootstrapError(`LESSONS_DIR=${pack}: no such folder`)
  const wanted = `${hashTree(['site', 'lessons', 'package-lock.json', ...(pack ? [pack] : [])])} pack=${pack ?? ''}`
  if (existsSync(SITE_STAMP) && readFileSync(SITE_STAMP, 'utf8') === wanted) return
  await step('Build the course site (astro build)', async () => {
    await run('npm', ['run', 'build', '--workspace', 'site'], { cwd: REPO_ROOT })
    writeFileSync(SITE_STAMP, wanted)
  })
}
