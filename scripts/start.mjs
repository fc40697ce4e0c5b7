/**
 * @module `npm start`: bootstraps whatever is missing on a fresh Debian/Ubuntu machine — Node 24,
 * npm dependencies, a Docker engine, the offline image catalog, the site — with visible progress,
 * then serves the course at one URL. A second run reuses everything.
 */
import { ensureModernNode } from './lib/node-runtime.mjs'
import { exitOnError, say, step } from './lib/progress.mjs'

try {
  await ensureModernNode()
  const { ensureAptPackages, ensureEngine } = await import('./lib/host.mjs')
  const { ensureDependencies, ensureImageCatalog, ensureSiteBuilt } = await import('./lib/project.mjs')
  await ensureDependencies()
  await step('Docker engine', ensureEngine)
  await ensureAptPackages(['debootstrap', 'busybox-static'], 'building the image catalog')
  await ensureImageCatalog()
  await ensureSiteBuilt()
  say('▶ Starting the sandbox server')
  await import('../sandbox-server/src/main.ts')
} catch (error) {
  exitOnError(error)
}
