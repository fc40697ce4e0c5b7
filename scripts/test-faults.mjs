/**
 * @module `npm run test:faults`: the slow fault tests (`sandbox-server/src/faults/*.faults.ts`, which
 * `npm test` does not pick up) — 100 sandbox create/delete cycles, a server SIGKILLed with live
 * sessions, hostile requests, and a fork bomb, memory hog and disk fill next to a typing neighbour —
 * after the same bootstrap as `npm start`.
 */
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { bootstrap, runTestFiles } from './lib/bootstrap.mjs'
import { REPO_ROOT } from './lib/node-runtime.mjs'
import { exitOnError } from './lib/progress.mjs'

const FAULTS_DIR = path.join('sandbox-server', 'src', 'faults')

try {
  await bootstrap()
  const files = readdirSync(path.join(REPO_ROOT, FAULTS_DIR))
    .filter((name) => name.endsWith('.faults.ts'))
    .sort()
    .map((name) => path.join(FAULTS_DIR, name))
  await runTestFiles('fault test', files)
} catch (error) {
  exitOnError(error)
}
