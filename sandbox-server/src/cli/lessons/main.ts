/**
 * @module Entry of `npm run lessons -- …` (see `cli.ts`). Ctrl-C stops starting new exercises and
 * lets the running ones destroy their sandboxes before the process exits.
 */
import { runLessonsCli } from './cli.ts'

const stop = new AbortController()
process.once('SIGINT', () => stop.abort())
process.once('SIGTERM', () => stop.abort())

process.exitCode = await runLessonsCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  signal: stop.signal,
})
