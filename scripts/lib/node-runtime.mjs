/**
 * @module Makes sure the project runs on a modern Node. The machine's Node may be old (Debian's, or
 * an end-of-life 20); Node 24 then comes from the npm registry (`node@24` ships a real binary) into
 * `.tools/`, and the calling script runs itself again under it.
 */
import { execFileSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { run } from './run.mjs'
import { say, step } from './progress.mjs'

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))
const TOOLS_DIR = path.join(REPO_ROOT, '.tools')
const TOOLS_BIN = path.join(TOOLS_DIR, 'node_modules', '.bin')
const TOOLS_NODE = path.join(TOOLS_BIN, 'node')

/** Oldest Node that runs Astro 7 and strips TypeScript types without a flag. */
const MINIMUM = [22, 18]

function isModern(version) {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number)
  return major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1])
}

function versionOf(nodeBinary) {
  try {
    return execFileSync(nodeBinary, ['--version'], { encoding: 'utf8' }).trim()
  } catch {
    return null
  }
}

/**
 * Returns when this process already runs a modern Node. Otherwise installs Node 24 into `.tools/`
 * if needed, re-runs the current script under it (same arguments, `.tools` first on PATH so npm
 * and child processes use it too) and exits with its exit code.
 */
export async function ensureModernNode() {
  if (isModern(process.version)) return
  say(`Node ${process.version} is too old for this project (needs ${MINIMUM.join('.')}+).`)
  const installed = existsSync(TOOLS_NODE) ? versionOf(TOOLS_NODE) : null
  if (!installed || !isModern(installed)) {
    await step('Install Node 24 from the npm registry into .tools/', async () => {
      await run('npm', ['install', '--prefix', TOOLS_DIR, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', 'node@24'])
      return versionOf(TOOLS_NODE) ?? 'installed'
    })
  }
  const env = { ...process.env, PATH: `${TOOLS_BIN}${path.delimiter}${process.env.PATH ?? ''}` }
  const child = spawn(TOOLS_NODE, process.argv.slice(1), { stdio: 'inherit', env })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  const code = await new Promise((resolve) => child.on('close', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))))
  process.exit(code)
}
