/**
 * @module `npm run bench`: the same bootstrap as `npm start` (so it works on a fresh machine too),
 * then the benchmark (`src/main.ts`; `-- --quick` for a smaller run). Plain JavaScript: it may
 * start on the machine's old Node, which the bootstrap replaces.
 */
import { bootstrap } from '../scripts/lib/bootstrap.mjs'
import { exitOnError, say } from '../scripts/lib/progress.mjs'

try {
  await bootstrap()
  say('▶ Benchmarking the sandbox server')
  await import('./src/main.ts')
} catch (error) {
  exitOnError(error)
}
