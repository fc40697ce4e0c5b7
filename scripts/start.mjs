/**
 * @module `npm start`: bootstraps whatever is missing on a fresh Debian/Ubuntu machine — Node 24,
 * npm dependencies, a Docker engine, the offline image catalog, the site — with visible progress,
 * then serves the course at one URL. A second run reuses everything.
 */
import { bootstrap } from './lib/bootstrap.mjs'
import { exitOnError, say } from './lib/progress.mjs'

try {
  await bootstrap()
  say('▶ Starting the sandbox server')
  await import('../sandbox-server/src/main.ts')
} catch (error) {
  exitOnError(error)
}
