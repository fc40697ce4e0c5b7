/**
 * @module busybox-rootfs
 * A busybox root filesystem, made in memory: the host's static busybox, one symlink per applet,
 * and the definition folder's `rootfs/` files (passwd, group).
 */
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { promisify } from 'node:util'
import type { Readable } from 'node:stream'
import type { DefinitionFile } from './definition.ts'
import { addEntry, tarStream } from './rootfs-tar.ts'

const execFileAsync = promisify(execFile)

const DIRECTORIES: ReadonlyArray<{ name: string; mode: number }> = [
  { name: 'bin', mode: 0o755 },
  { name: 'dev', mode: 0o755 },
  { name: 'etc', mode: 0o755 },
  { name: 'home', mode: 0o755 },
  { name: 'root', mode: 0o700 },
  { name: 'tmp', mode: 0o1777 },
  { name: 'usr', mode: 0o755 },
  { name: 'var', mode: 0o755 },
]

export async function busyboxApplets(binary: string): Promise<string[]> {
  const { stdout } = await execFileAsync(binary, ['--list'])
  // Linking `busybox` itself would replace the binary with a link to itself.
  return stdout.split('\n').filter((applet) => applet !== '' && applet !== 'busybox')
}

/** `overlayFiles` are relative to the image's root, e.g. `etc/passwd`. */
export async function busyboxRootfsTar(
  binary: string,
  overlayFiles: readonly DefinitionFile[],
): Promise<Readable> {
  const [busybox, applets] = await Promise.all([readFile(binary), busyboxApplets(binary)])
  const mtime = new Date()
  return tarStream(async (pack) => {
    for (const directory of DIRECTORIES) {
      await addEntry(pack, { name: directory.name, type: 'directory', mode: directory.mode, mtime })
    }
    await addEntry(pack, { name: 'bin/busybox', type: 'file', mode: 0o755, mtime }, busybox)
    for (const applet of applets) {
      await addEntry(pack, { name: `bin/${applet}`, type: 'symlink', linkname: 'busybox', mtime })
    }
    for (const file of overlayFiles) {
      await addEntry(
        pack,
        { name: file.relativePath, type: 'file', mode: file.mode, mtime },
        file.content,
      )
    }
  })
}
