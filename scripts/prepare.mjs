/**
 * @module Prepares what needs no Docker engine — Node 24, npm dependencies, the built site — so an
 * image build (see the repository's Dockerfile) can do it once; `npm start` then finds it current.
 */
import { ensureModernNode } from './lib/node-runtime.mjs'
import { exitOnError } from './lib/progress.mjs'

try {
  await ensureModernNode()
  const { ensureDependencies, ensureSiteBuilt } = await import('./lib/project.mjs')
  await ensureDependencies()
  if (!process.argv.includes('--dependencies-only')) await ensureSiteBuilt()
} catch (error) {
  exitOnError(error)
}
