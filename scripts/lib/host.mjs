/**
 * @module The host's side of the bootstrap: Debian packages the project needs and a Docker engine
 * that answers. Installs what is missing when it can (root on Debian/Ubuntu), and otherwise stops
 * with a message that says exactly what to install.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, openSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { BootstrapError, say, step } from './progress.mjs'
import { hasCommand, run } from './run.mjs'
import { REPO_ROOT } from './node-runtime.mjs'

const DATA_DIR = path.join(REPO_ROOT, '.data')
const ENGINE_READY_TIMEOUT_MS = 60_000

async function isInstalled(pkg) {
  try {
    // A removed package is still known to dpkg ("deinstall ok config-files"): ask for its status.
    return (await run('dpkg-query', ['-W', '-f=${Status}', pkg])).trim() === 'install ok installed'
  } catch {
    return false
  }
}

/**
 * Installs the Debian packages of `packages` that are missing, in one apt-get call. Without root or
 * apt, throws a message naming the command to run.
 */
export async function ensureAptPackages(packages, why) {
  const missing = []
  for (const pkg of packages) if (!(await isInstalled(pkg))) missing.push(pkg)
  if (missing.length === 0) return
  const canInstall = process.getuid?.() === 0 && (await hasCommand('apt-get'))
  if (!canInstall) {
    throw new BootstrapError(
      `Missing Debian packages for ${why}: ${missing.join(' ')}\n` +
        `Install them and run the command again:\n  sudo apt-get install -y ${missing.join(' ')}`,
    )
  }
  await step(`Install ${missing.join(', ')} (apt-get, for ${why})`, async () => {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    await run('apt-get', ['update', '-qq'], { env })
    await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env })
  })
}

/** Where the host engine listens: DOCKER_HOST (unix:// only) or the default socket. */
export function engineSocketPath() {
  const host = process.env.DOCKER_HOST
  if (!host) return '/var/run/docker.sock'
  if (host.startsWith('unix://')) return host.slice('unix://'.length)
  throw new BootstrapError(`DOCKER_HOST=${host} is not supported; use a unix:// socket.`)
}

function pingEngine(socketPath) {
  return new Promise((resolve) => {
    const request = http.get({ socketPath, path: '/_ping', timeout: 2000 }, (response) => {
      response.resume()
      resolve(response.statusCode === 200)
    })
    request.on('timeout', () => request.destroy())
    request.on('error', () => resolve(false))
  })
}

async function waitForEngine(socketPath, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await pingEngine(socketPath)) return true
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  return false
}

/**
 * Makes sure a Docker engine answers. Uses a running one; else, as root on Debian/Ubuntu, installs
 * Debian's docker.io if needed and starts dockerd in the background (log: .data/dockerd.log).
 */
export async function ensureEngine() {
  const socketPath = engineSocketPath()
  if (await pingEngine(socketPath)) return `running at ${socketPath}`
  if (process.env.DOCKER_HOST) {
    throw new BootstrapError(`No Docker engine answers at DOCKER_HOST=${process.env.DOCKER_HOST}. Start it, or unset DOCKER_HOST.`)
  }
  if (!(await hasCommand('dockerd'))) await ensureAptPackages(['docker.io'], 'the Docker engine')
  // A packaged engine may have been started by its service manager during the install.
  if (await waitForEngine(socketPath, 2000)) return `running at ${socketPath}`
  if (process.getuid?.() !== 0) {
    throw new BootstrapError(
      'No Docker engine is running. Start it (e.g. `sudo systemctl start docker`) and make sure your user may use\n' +
        `${socketPath} (e.g. \`sudo usermod -aG docker $USER\`, then log in again).`,
    )
  }
  mkdirSync(DATA_DIR, { recursive: true })
  const logPath = path.join(DATA_DIR, 'dockerd.log')
  const log = openSync(logPath, 'a')
  const daemon = spawn('dockerd', [], { detached: true, stdio: ['ignore', log, log] })
  await new Promise((resolve, reject) => {
    daemon.once('spawn', resolve)
    daemon.once('error', (error) => reject(new BootstrapError(`could not start dockerd: ${error.message}`)))
  })
  daemon.unref()
  say(`started dockerd (pid ${daemon.pid}), log: ${logPath}`)
  if (!(await waitForEngine(socketPath, ENGINE_READY_TIMEOUT_MS))) {
    throw new BootstrapError(`dockerd did not answer within ${ENGINE_READY_TIMEOUT_MS / 1000}s; see ${logPath}`)
  }
  return `started, answering at ${socketPath}`
}
