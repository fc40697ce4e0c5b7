/**
 * @module Visible progress for the bootstrap: numbered steps with elapsed time, so a first
 * `npm start` that takes minutes never looks stuck. Plain JavaScript: it runs on the machine's old
 * Node before Node 24 exists.
 */
/** Set by the first process, so the elapsed time keeps counting after the re-run under Node 24. */
const STARTED_AT_VARIABLE = 'DOCKER_CLASSROOM_BOOTSTRAP_STARTED_AT'
const started = Number(process.env[STARTED_AT_VARIABLE]) || Date.now()
process.env[STARTED_AT_VARIABLE] = String(started)

const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`

/** Prints one line prefixed with the time since start-up. */
export function say(message) {
  process.stdout.write(`[${seconds(Date.now() - started).padStart(6)}] ${message}\n`)
}

/**
 * Runs `run` as a named step: prints its start, its result and how long it took. A failing step
 * prints why and rethrows.
 */
export async function step(name, run) {
  const stepStarted = Date.now()
  say(`▶ ${name}`)
  try {
    const outcome = await run()
    say(`✓ ${name}${outcome ? ` — ${outcome}` : ''} (${seconds(Date.now() - stepStarted)})`)
    return outcome
  } catch (error) {
    say(`✗ ${name} (${seconds(Date.now() - stepStarted)})`)
    throw error
  }
}

/** An error whose message is meant for the operator as is (no stack trace). */
export class BootstrapError extends Error {
  constructor(message) {
    super(message)
    this.name = 'BootstrapError'
  }
}

/** Prints a BootstrapError plainly and anything else with its stack, then exits 1. */
export function exitOnError(error) {
  if (error instanceof BootstrapError) process.stderr.write(`\n${error.message}\n`)
  else process.stderr.write(`\n${error?.stack ?? error}\n`)
  process.exit(1)
}
