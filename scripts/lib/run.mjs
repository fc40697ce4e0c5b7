/** @module Runs a host program from an argument vector (never a shell string) and waits for it. */
import { spawn } from 'node:child_process'
import { BootstrapError } from './progress.mjs'

/**
 * Runs `command args…`, streaming its output when `verbose`, else keeping the tail for the error.
 * Resolves on exit code 0 with the tail of its output; rejects with that tail otherwise.
 */
export function run(command, args, { env = process.env, cwd, verbose = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', verbose ? 'inherit' : 'pipe', verbose ? 'inherit' : 'pipe'] })
    let tail = ''
    const keep = (chunk) => {
      tail = (tail + chunk.toString()).slice(-4000)
    }
    child.stdout?.on('data', keep)
    child.stderr?.on('data', keep)
    child.on('error', (error) => reject(new BootstrapError(`could not run ${command}: ${error.message}`)))
    child.on('close', (code) => {
      if (code === 0) resolve(tail)
      else reject(new BootstrapError(`${command} ${args.join(' ')} exited with ${code}\n${tail}`))
    })
  })
}

/** True when `command` is on PATH. */
export async function hasCommand(command) {
  try {
    await run('sh', ['-c', 'command -v "$0"', command])
    return true
  } catch {
    return false
  }
}
