/**
 * @module Bounds the disk one workstation may fill (`SANDBOX_DISK_QUOTA_BYTES`). The host's overlay2
 * sits on ext4 here, where the engine's per-container `--storage-opt size` is refused (it needs XFS
 * with `pquota`), so the hard limit is built by hand:
 * - `loop` (the server runs as root and can loop-mount): the inner engine's `/var/lib/docker` is an
 *   ext4 filesystem of exactly the quota, in a sparse image file under `<socketRoot>/.disks/`,
 *   loop-mounted on the host and bind-mounted into the workstation. A write past it fails with
 *   "No space left on device" and the host never sees more. Deleted data is given back to the host
 *   (`discard` punches holes in the image). The mount lives in the host's kernel, not in the server,
 *   so a restarted server adopts it as it is.
 * - `watch` (anything else): the inner engine keeps its named volume, and only the watcher
 *   (`sessions/disk-watcher.ts`) measures it.
 * Either way the workstation's own writable layer (`/root`, `/tmp`, …) is not bounded by a
 * filesystem; the watcher adds it to the total and stops a workstation whose total passes the quota.
 */
import { execFile } from 'node:child_process'
import { mkdir, open, readdir, readFile, rm, rmdir, statfs, type FileHandle } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import type Dockerode from 'dockerode'
import type { Logger } from '../../logger.ts'
import type { DiskQuotaMode } from '../../settings.ts'

const run = promisify(execFile)

/** Where the inner engine keeps everything in a workstation. */
const INNER_DOCKER_DIR = '/var/lib/docker'
/** Size of the filesystem the start-up probe makes and removes. */
const PROBE_BYTES = 16 * 1024 * 1024
/**
 * Free space under which a hard-limited inner filesystem counts as full: ext4 keeps a little for
 * itself, so a filled one never reaches zero.
 */
const FULL_MARGIN_BYTES = 64 * 1024 * 1024

/** What a workstation's `/var/lib/docker` is mounted from. */
export type InnerStorageMount = Pick<Dockerode.HostConfig, 'Binds' | 'Mounts'>

/** How full one workstation's disk is. */
export interface InnerStorageUsage {
  /** Bytes the inner engine's storage holds. */
  usedBytes: number
  /** True when a filesystem of the quota's size refuses further writes of the inner engine. */
  full: boolean
}

export interface DiskQuotaOptions {
  mode: DiskQuotaMode
  quotaBytes: number
  /** The deployment's socket root; the disks live in its `.disks` folder (never bind-mounted). */
  socketRoot: string
}

/** Makes, measures and removes the inner storage of workstations under one quota. */
export class DiskQuota {
  readonly mode: DiskQuotaMode
  readonly quotaBytes: number
  readonly #root: string

  constructor({ mode, quotaBytes, socketRoot }: DiskQuotaOptions) {
    this.mode = mode
    this.quotaBytes = quotaBytes
    this.#root = path.join(socketRoot, '.disks')
  }

  #image(sessionId: string): string {
    return path.join(this.#root, `${sessionId}.ext4`)
  }

  #mountPoint(sessionId: string): string {
    return path.join(this.#root, sessionId)
  }

  /**
   * Prepares the inner storage of a new workstation and says how to mount it at `/var/lib/docker`:
   * in `loop` mode a fresh ext4 filesystem of the quota's size, else the named volume `volumeName`.
   */
  async prepare(sessionId: string, volumeName: string): Promise<InnerStorageMount> {
    if (this.mode === 'watch') return { Mounts: [{ Type: 'volume', Source: volumeName, Target: INNER_DOCKER_DIR }] }
    const mountPoint = this.#mountPoint(sessionId)
    await makeLoopFilesystem(this.#image(sessionId), mountPoint, this.quotaBytes)
    return { Binds: [`${mountPoint}:${INNER_DOCKER_DIR}`] }
  }

  /** Unmounts and deletes a workstation's filesystem (loop mode); idempotent. Call once its container is gone. */
  async release(sessionId: string): Promise<void> {
    if (this.mode === 'watch') return
    await removeLoopFilesystem(this.#image(sessionId), this.#mountPoint(sessionId))
    // The last one out removes the folder, so a socket root without sessions is empty again.
    await rmdir(this.#root).catch(() => {})
  }

  /** Session ids that still have a filesystem here, for the orphan sweep. */
  async sessionsOnDisk(): Promise<string[]> {
    const names = await readdir(this.#root).catch(() => [] as string[])
    return [...new Set(names.map((name) => name.replace(/\.ext4$/, '')))]
  }

  /**
   * How much the inner engine stores: the filesystem's use in `loop` mode, else what the inner
   * engine reports (image layers, containers' writable layers, volumes and build cache).
   */
  async innerUsage(sessionId: string, inner: Dockerode): Promise<InnerStorageUsage> {
    if (this.mode === 'loop') {
      const stats = await statfs(this.#mountPoint(sessionId))
      const usedBytes = (stats.blocks - stats.bfree) * stats.bsize
      return { usedBytes, full: stats.bavail * stats.bsize < Math.min(FULL_MARGIN_BYTES, this.quotaBytes / 10) }
    }
    const df = (await inner.df()) as EngineDiskUsage
    const sum = (sizes: (number | undefined)[]): number => sizes.reduce<number>((total, size) => total + Math.max(0, size ?? 0), 0)
    const usedBytes =
      (df.LayersSize ?? 0) +
      sum((df.Containers ?? []).map((container) => container.SizeRw)) +
      sum((df.Volumes ?? []).map((volume) => volume.UsageData?.Size)) +
      sum((df.BuildCache ?? []).filter((entry) => !entry.Shared).map((entry) => entry.Size))
    return { usedBytes, full: false }
  }
}

/** The parts of the engine's `GET /system/df` answer that count. */
interface EngineDiskUsage {
  LayersSize?: number
  Containers?: { SizeRw?: number }[]
  Volumes?: { UsageData?: { Size?: number } }[]
  BuildCache?: { Size?: number; Shared?: boolean }[]
}

/**
 * A sparse image file of `bytes`, formatted ext4 and loop-mounted at `mountPoint`. No blocks are
 * reserved for root (the learner is root), and inode tables and journal are initialised lazily so
 * the image starts at a few MiB.
 */
async function makeLoopFilesystem(image: string, mountPoint: string, bytes: number): Promise<void> {
  const file = await createInFolder(image)
  try {
    await file.truncate(bytes)
  } finally {
    await file.close()
  }
  await run('mkfs.ext4', ['-q', '-F', '-m', '0', '-E', 'lazy_itable_init=1,lazy_journal_init=1', image])
  await mkdir(mountPoint, { mode: 0o700 })
  // mount(8) attaches a loop device with autoclear: unmounting detaches it.
  await run('mount', ['-t', 'ext4', '-o', 'loop,discard', image, mountPoint])
}

/** Creates the new file `image`, and its folder if missing (again if a `release` just removed it). */
async function createInFolder(image: string): Promise<FileHandle> {
  for (let attempt = 1; ; attempt++) {
    await mkdir(path.dirname(image), { recursive: true, mode: 0o700 })
    try {
      return await open(image, 'wx', 0o600)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 3) throw error
    }
  }
}

/** Whether something is mounted at `mountPoint` (read from the kernel's table, not from mount(8)). */
async function isMountPoint(mountPoint: string): Promise<boolean> {
  const table = await readFile('/proc/self/mountinfo', 'utf8')
  // Field 5 is the mount point, with spaces and the like escaped as octal.
  const escaped = mountPoint.replace(/[ \t\n\\]/g, (character) => `\\${character.charCodeAt(0).toString(8).padStart(3, '0')}`)
  return table.split('\n').some((line) => line.split(' ')[4] === escaped)
}

async function removeLoopFilesystem(image: string, mountPoint: string): Promise<void> {
  // Lazy: a process that still holds a file there (a leftover exec) must not keep the disk forever.
  if (await isMountPoint(mountPoint)) await run('umount', ['--lazy', mountPoint])
  await rm(mountPoint, { recursive: true, force: true })
  await rm(image, { force: true })
}

/**
 * The quota of this deployment, enforced by a loop-mounted filesystem when the host allows it: the
 * server is root and a small filesystem can be made, mounted and removed under the socket root.
 * `override` (`DISK_QUOTA_MODE`) skips the probe. Logs the choice.
 */
export async function detectDiskQuota(
  { quotaBytes, socketRoot, override }: { quotaBytes: number; socketRoot: string; override?: DiskQuotaMode | undefined },
  logger: Logger,
): Promise<DiskQuota> {
  const probe = new DiskQuota({ mode: 'loop', quotaBytes: PROBE_BYTES, socketRoot })
  let mode = override
  if (mode === undefined) {
    const probeId = `probe-${process.pid}`
    try {
      if (process.getuid?.() !== 0) throw new Error('the server is not root')
      await probe.prepare(probeId, '')
      mode = 'loop'
    } catch (error) {
      logger.warn('disk-quota.loop-unavailable', { error })
      mode = 'watch'
    } finally {
      await probe.release(probeId).catch((error: unknown) => logger.error('disk-quota.probe-cleanup-failed', { error }))
    }
  }
  logger.info('disk-quota.chosen', { mode, quotaBytes, detected: override === undefined })
  return new DiskQuota({ mode, quotaBytes, socketRoot })
}
