/**
 * @module rootfs-tar
 * Writes tar archives of root filesystems with tar-stream: either a directory on disk, kept
 * exactly (owners, modes, hard links, device nodes), or entries made in memory.
 */
import { lstat, readdir, readFile, readlink } from 'node:fs/promises'
import type { Stats } from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import tar from 'tar-stream'
import type { Pack } from 'tar-stream'

export type EntryHeader = Parameters<Pack['entry']>[0]

/** Adds one entry without a body (directory, link, device) and waits until it is written. */
export function addEntry(pack: Pack, header: EntryHeader, content?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error | null): void => (error ? reject(error) : resolve())
    if (content === undefined) pack.entry(header, done)
    else pack.entry(header, content, done)
  })
}

/** Linux's dev_t split (glibc's gnu_dev_major/minor). */
function deviceNumbers(rdev: number): { devmajor: number; devminor: number } {
  const high = Math.floor(rdev / 2 ** 32)
  const low = rdev >>> 0
  return {
    devmajor: ((low >>> 8) & 0xfff) | ((high & 0xfffff000) >>> 0),
    devminor: (low & 0xff) | ((low >>> 12) & 0xfff00),
  }
}

/**
 * Adds every file under `directory` to `pack`, with names relative to it. Sockets are skipped:
 * they cannot be archived and no image needs them.
 */
export async function addDirectoryTree(pack: Pack, directory: string): Promise<void> {
  const firstPathOfInode = new Map<string, string>()

  const addPath = async (relativePath: string): Promise<void> => {
    const absolutePath = path.join(directory, relativePath)
    const stats: Stats = await lstat(absolutePath)
    const header: EntryHeader = {
      name: relativePath,
      mode: stats.mode & 0o7777,
      uid: stats.uid,
      gid: stats.gid,
      mtime: stats.mtime,
    }
    if (stats.isDirectory()) {
      if (relativePath !== '.') await addEntry(pack, { ...header, type: 'directory' })
      const children = (await readdir(absolutePath)).sort()
      for (const child of children) {
        await addPath(relativePath === '.' ? child : `${relativePath}/${child}`)
      }
      return
    }
    if (stats.isSymbolicLink()) {
      const linkname = await readlink(absolutePath)
      await addEntry(pack, { ...header, type: 'symlink', linkname })
      return
    }
    if (stats.isFile()) {
      const inode = `${stats.dev}:${stats.ino}`
      const firstPath = stats.nlink > 1 ? firstPathOfInode.get(inode) : undefined
      if (firstPath !== undefined) {
        await addEntry(pack, { ...header, type: 'link', linkname: firstPath })
        return
      }
      if (stats.nlink > 1) firstPathOfInode.set(inode, relativePath)
      await addEntry(pack, { ...header, type: 'file' }, await readFile(absolutePath))
      return
    }
    if (stats.isCharacterDevice() || stats.isBlockDevice()) {
      const type = stats.isCharacterDevice() ? 'character-device' : 'block-device'
      await addEntry(pack, { ...header, type, ...deviceNumbers(stats.rdev) })
      return
    }
    if (stats.isFIFO()) await addEntry(pack, { ...header, type: 'fifo' })
  }

  await addPath('.')
}

/**
 * Starts a tar stream filled by `fill`; the archive is finalized when `fill` resolves and
 * fails with its error when it rejects, so the consumer (the engine's import) fails too.
 * tar-stream's packs are streamx streams: the result is wrapped as a Node stream for dockerode.
 */
export function tarStream(fill: (pack: Pack) => Promise<void>): Readable {
  const pack = tar.pack()
  fill(pack).then(
    () => pack.finalize(),
    (error: unknown) => pack.destroy(error instanceof Error ? error : new Error(String(error))),
  )
  return Readable.from(pack)
}
