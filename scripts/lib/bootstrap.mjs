/**
 * @module The bootstrap shared by `npm start` and `npm test`: Node 24, npm dependencies, the Docker
 * engine, the host packages the catalog needs (plus any the caller adds), the image catalog and the
 * site — each step skipped when already done.
 */
import { ensureModernNode } from './node-runtime.mjs'
import { step } from './progress.mjs'

/** @param {{ extraAptPackages?: string[] }} options packages the caller needs besides the catalog's */
export async function bootstrap({ extraAptPackages = [] } = {}) {
  await ensureModernNode()
  const { ensureAptPackages, ensureEngine } = await import('./host.mjs')
  const { ensureDependencies, ensureImageCatalog, ensureSiteBuilt } = await import('./project.mjs')
  await ensureDependencies()
  await step('Docker engine', ensureEngine)
  const { HOST_APT_PACKAGES } = await import('../../catalog/src/index.ts')
  await ensureAptPackages([...HOST_APT_PACKAGES, ...extraAptPackages], 'the image catalog and tests')
  await ensureImageCatalog()
  await ensureSiteBuilt()
}
