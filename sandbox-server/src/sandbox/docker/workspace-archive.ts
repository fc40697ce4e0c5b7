/**
 * @module The lesson folder of a workstation through the engine's archive API (stat, get and put
 * a tar), so no shell ever sees a learner's path. The engine resolves symlinks in a path's parents
 * silently (inside the container), so every component is stat'ed first and any symlink refused:
 * `ln -s /etc workspace/x` cannot be read or written through. A learner who swaps a folder for a
 * link between the check and the copy only reaches their own workstation's files.
 */
import type { IncomingMessage } from 'node:http'
import path from 'node:path/posix'
import tar from 'tar-stream'
import type Dockerode from 'dockerode'
import type { WorkspaceDirectory, WorkspaceEntry, WorkspaceFile, WorkspaceFiles } from '../provider.ts'
import { parentPath, workspaceAbsolutePath, workspaceErrors } from '../workspace-path.ts'
import { ignoringStatus } from './engine-errors.ts'

/** The engine's `X-Docker-Container-Path-Stat`: Go's `os.FileInfo` of a path, as JSON. */
interface PathStat {
  name: string
  size: number
  /** Go `os.FileMode`: permission bits plus type bits. */
  mode: number
  mtime: string
  linkTarget: string
}

const MODE_DIR = 0x80000000
const MODE_SYMLINK = 0x08000000
/** Go's named pipe, socket, device, char device and irregular bits. */
const MODE_SPECIAL = 0x02000000 | 0x01000000 | 0x04000000 | 0x00200000 | 0x00080000
const NEW_FILE_MODE = 0o644
const NEW_DIRECTORY_MODE = 0o755

function kindOf({ mode, linkTarget }: PathStat): WorkspaceEntry['kind'] {
  if ((mode & MODE_SYMLINK) !== 0 || linkTarget !== '') return 'symlink'
  if ((mode & MODE_DIR) !== 0) return 'directory'
  return (mode & MODE_SPECIAL) !== 0 ? 'other' : 'file'
}

/** The stat of one absolute path; undefined when it does not exist. */
async function statPath(container: Dockerode.Container, absolute: string): Promise<PathStat | undefined> {
  const response = (await ignoringStatus([404], () => container.infoArchive({ path: absolute }))) as
    | IncomingMessage
    | undefined
  if (!response) return undefined
  response.resume()
  const header = response.headers['x-docker-container-path-stat']
  if (typeof header !== 'string') throw new Error(`the engine sent no path stat for ${absolute}`)
  return JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as PathStat
}

/**
 * The stat of `relative` after checking that neither it nor any folder on the way (the lesson
 * folder included) is a symlink.
 * @returns undefined when some part of the path does not exist
 */
async function statInWorkspace(container: Dockerode.Container, relative: string): Promise<PathStat | undefined> {
  const segments = relative === '' ? [] : relative.split('/')
  const prefixes = ['', ...segments.map((_, index) => segments.slice(0, index + 1).join('/'))]
  const stats = await Promise.all(prefixes.map((prefix) => statPath(container, workspaceAbsolutePath(prefix))))
  for (const stat of stats) {
    if (!stat) return undefined
    if (kindOf(stat) === 'symlink') throw workspaceErrors.symlink(relative)
  }
  return stats.at(-1)
}

/** Reads the tar the engine sends for `absolute`, handing each entry to `onEntry`. */
async function readArchive(
  container: Dockerode.Container,
  absolute: string,
  onEntry: (header: tar.Header, body: AsyncIterable<Buffer>) => Promise<void>,
): Promise<void> {
  const archive = (await container.getArchive({ path: absolute })) as NodeJS.ReadableStream
  const extract = tar.extract()
  archive.pipe(extract as unknown as NodeJS.WritableStream)
  for await (const entry of extract) await onEntry(entry.header, entry as unknown as AsyncIterable<Buffer>)
}

async function collect(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of body) chunks.push(chunk)
  return Buffer.concat(chunks)
}

const TAR_KINDS: Partial<Record<tar.Header['type'], WorkspaceEntry['kind']>> = {
  file: 'file',
  'contiguous-file': 'file',
  directory: 'directory',
  symlink: 'symlink',
}

/** The direct entries of a folder; the engine tars the whole tree, of which only the headers are read. */
async function listDirectory(container: Dockerode.Container, absolute: string): Promise<WorkspaceDirectory> {
  const entries: WorkspaceEntry[] = []
  await readArchive(container, absolute, async (header, body) => {
    // Names are `<folder>/<entry>[/…]`; the folder itself comes first.
    const parts = header.name.replace(/\/$/, '').split('/')
    if (parts.length === 2) {
      entries.push({
        name: parts[1]!,
        kind: TAR_KINDS[header.type] ?? 'other',
        size: header.type === 'symlink' ? Buffer.byteLength(header.linkname) : header.size,
        mtime: header.mtime.toISOString(),
      })
    }
    for await (const _chunk of body); // Skips the content: only the headers are listed.
  })
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  return { kind: 'directory', entries }
}

/** Lists a folder or reads a file of the lesson folder; see `SandboxProvider.readWorkspace`. */
export async function readWorkspace(
  container: Dockerode.Container,
  relative: string,
  maxFileBytes: number,
): Promise<WorkspaceDirectory | WorkspaceFile> {
  const stat = await statInWorkspace(container, relative)
  if (!stat) throw workspaceErrors.notFound()
  const absolute = workspaceAbsolutePath(relative)
  const kind = kindOf(stat)
  if (kind === 'directory') return listDirectory(container, absolute)
  if (kind !== 'file') throw workspaceErrors.notAFile()
  if (stat.size > maxFileBytes) throw workspaceErrors.tooLarge(relative, stat.size, maxFileBytes)
  let content: Buffer = Buffer.alloc(0)
  await readArchive(container, absolute, async (_header, body) => {
    content = await collect(body)
  })
  return { kind: 'file', content, mtime: new Date(stat.mtime).toISOString() }
}

/** A tar holding one root-owned file. */
async function singleFileTar(name: string, mode: number, content: Buffer): Promise<Buffer> {
  const pack = tar.pack()
  pack.entry({ name, mode, uid: 0, gid: 0, mtime: new Date(), size: content.length }, content)
  pack.finalize()
  return collect(pack as unknown as AsyncIterable<Buffer>)
}

/** Writes a file of the lesson folder; see `SandboxProvider.writeWorkspaceFile`. */
export async function writeWorkspaceFile(container: Dockerode.Container, relative: string, content: Buffer): Promise<void> {
  if (relative === '') throw workspaceErrors.isDirectory()
  const parent = parentPath(relative)
  const parentStat = await statInWorkspace(container, parent)
  if (!parentStat || kindOf(parentStat) !== 'directory') throw workspaceErrors.directoryNotFound()
  const existing = await statPath(container, workspaceAbsolutePath(relative))
  const kind = existing && kindOf(existing)
  if (kind === 'symlink') throw workspaceErrors.symlink(relative)
  if (kind === 'directory') throw workspaceErrors.isDirectory()
  if (kind === 'other') throw workspaceErrors.notAFile()
  // An existing file keeps its permissions (a script stays executable).
  const mode = existing ? existing.mode & 0o7777 : NEW_FILE_MODE
  const archive = await singleFileTar(path.basename(relative), mode, content)
  await container.putArchive(archive, { path: workspaceAbsolutePath(parent) })
}

/**
 * Puts `files` in the lesson folder of a workstation being created, as one tar: the folders on the
 * way first (root-owned, 0755), then the files. Nothing of the learner's exists yet, so nothing is
 * checked for symlinks or overwritten.
 */
export async function seedWorkspace(container: Dockerode.Container, files: WorkspaceFiles): Promise<void> {
  const paths = Object.keys(files).sort()
  if (paths.length === 0) return
  const folders = new Set(paths.flatMap((file) => file.split('/').slice(0, -1).map((_, index, parts) => parts.slice(0, index + 1).join('/'))))
  const pack = tar.pack()
  const mtime = new Date()
  for (const folder of [...folders].sort()) {
    pack.entry({ name: folder, type: 'directory', mode: NEW_DIRECTORY_MODE, uid: 0, gid: 0, mtime })
  }
  for (const file of paths) {
    const content = Buffer.from(files[file]!, 'utf8')
    pack.entry({ name: file, mode: NEW_FILE_MODE, uid: 0, gid: 0, mtime, size: content.length }, content)
  }
  pack.finalize()
  await container.putArchive(await collect(pack as unknown as AsyncIterable<Buffer>), { path: workspaceAbsolutePath('') })
}
