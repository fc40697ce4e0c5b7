/**
 * @module debian-rootfs
 * Makes a minimal Debian root filesystem with the host's debootstrap, trimmed like a slim
 * container image, with the definition folder's `rootfs/` files laid over it.
 */
import { spawn } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import type { DefinitionFile } from './definition.ts'

export interface DebootstrapSpec {
  suite: string
  mirror: string
}

/** Downloaded packages are kept here so a forced rebuild does not download them again. */
const PACKAGE_CACHE_DIRECTORY = path.join(tmpdir(), 'docker-classroom-debootstrap-cache')

/** Apt's package lists, and what the overlay's dpkg excludes keep out of later installs. */
const TRIMMED_DIRECTORIES = [
  'usr/share/man',
  'usr/share/groff',
  'usr/share/info',
  'usr/share/lintian',
  'usr/share/linda',
  'usr/share/locale',
  'var/lib/apt/lists',
]

export interface PreparedRootfs {
  directory: string
  remove(): Promise<void>
}

export async function prepareDebianRootfs(options: {
  spec: DebootstrapSpec
  /** Relative to the image's root, e.g. `etc/apt/apt.conf.d/docker-clean`. */
  overlayFiles: readonly DefinitionFile[]
  onOutput: (line: string) => void
}): Promise<PreparedRootfs> {
  await mkdir(PACKAGE_CACHE_DIRECTORY, { recursive: true })
  const workDirectory = await mkdtemp(path.join(tmpdir(), 'docker-classroom-debian-'))
  const directory = path.join(workDirectory, 'rootfs')
  const remove = (): Promise<void> => removeUnlessMounted(workDirectory)
  try {
    await runDebootstrap(options.spec, directory, options.onOutput)
    await trim(directory)
    await writeOverlay(directory, options.overlayFiles)
  } catch (error) {
    await remove()
    throw error
  }
  return { directory, remove }
}

function runDebootstrap(
  spec: DebootstrapSpec,
  directory: string,
  onOutput: (line: string) => void,
): Promise<void> {
  const argv = [
    '--variant=minbase',
    `--cache-dir=${PACKAGE_CACHE_DIRECTORY}`,
    spec.suite,
    directory,
    spec.mirror,
  ]
  const child = spawn('debootstrap', argv, { stdio: ['ignore', 'pipe', 'pipe'] })
  const recentOutput: string[] = []
  for (const output of [child.stdout, child.stderr]) {
    createInterface({ input: output }).on('line', (line) => {
      recentOutput.push(line)
      if (recentOutput.length > 20) recentOutput.shift()
      onOutput(line)
    })
  }
  return new Promise((resolve, reject) => {
    child.on('error', (error) =>
      reject(new Error(`cannot run debootstrap (apt-get install debootstrap): ${error.message}`)),
    )
    child.on('close', (code) => {
      if (code === 0) resolve()
      else reject(new Error(`debootstrap exited with ${code}:\n${recentOutput.join('\n')}`))
    })
  })
}

/** Leaves out what a container image does not need, as Debian's own slim images do. */
async function trim(directory: string): Promise<void> {
  for (const trimmed of TRIMMED_DIRECTORIES) {
    const absolute = path.join(directory, trimmed)
    const children = await readdir(absolute).catch(() => [])
    await Promise.all(children.map((child) => rm(path.join(absolute, child), { recursive: true })))
  }
  const archives = path.join(directory, 'var/cache/apt/archives')
  for (const file of await readdir(archives)) {
    if (file.endsWith('.deb')) await rm(path.join(archives, file))
  }
  // debootstrap copies the host's; the engine mounts the container's own at run time.
  for (const hostFile of ['etc/resolv.conf', 'etc/hostname']) {
    await writeFile(path.join(directory, hostFile), '')
  }
  const docDirectory = path.join(directory, 'usr/share/doc')
  for (const packageName of await readdir(docDirectory)) {
    const packageDocs = path.join(docDirectory, packageName)
    const files = await readdir(packageDocs).catch(() => [])
    for (const file of files) {
      if (file !== 'copyright') await rm(path.join(packageDocs, file), { recursive: true })
    }
  }
}

async function writeOverlay(directory: string, files: readonly DefinitionFile[]): Promise<void> {
  for (const file of files) {
    const target = path.join(directory, file.relativePath)
    await mkdir(path.dirname(target), { recursive: true })
    await writeFile(target, file.content)
    await chmod(target, file.mode)
  }
}

/**
 * A failed debootstrap can leave /proc or /sys mounted inside the target; deleting recursively
 * through such a mount would reach the host's files, so refuse and say what to unmount.
 */
async function removeUnlessMounted(workDirectory: string): Promise<void> {
  const mountInfo = await readFile('/proc/self/mountinfo', 'utf8')
  const mountsInside = mountInfo
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .filter((mountPoint) => mountPoint.startsWith(`${workDirectory}/`))
  if (mountsInside.length > 0) {
    throw new Error(`not removing ${workDirectory}: unmount ${mountsInside.join(', ')} first`)
  }
  await rm(workDirectory, { recursive: true, force: true })
}
