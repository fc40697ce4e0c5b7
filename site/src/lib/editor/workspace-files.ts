/**
 * @module The learner's lesson folder as the editor sees it, through the files API (docs/api.md,
 * "Files"): list a folder, read a file with its version, and save with `If-Match` so a file that
 * changed in the workstation since it was opened (the learner edited it in the terminal) is
 * reported as a conflict instead of being overwritten.
 */
import { ApiError, type ApiMethod, type ApiRequestInit } from '../session/session-client.ts'
import { t } from '../../i18n/t.ts'
import { languageFor } from './language.ts'

/** A call to one of the session's routes: the session store's `request`. */
export type SessionRequest = (method: ApiMethod, route: string, init?: ApiRequestInit) => Promise<unknown>

export type EntryKind = 'file' | 'directory' | 'symlink' | 'other'

export interface FolderEntry {
  name: string
  kind: EntryKind
  size: number
  mtime: string
}

/** A file as read: its text and the version a save must match. */
export interface WorkspaceFile {
  path: string
  content: string
  version: string
}

export type SaveOutcome = { kind: 'saved'; version: string } | { kind: 'conflict' }

const KINDS = new Set<string>(['file', 'directory', 'symlink', 'other'])

function isEntry(value: unknown): value is FolderEntry {
  const entry = value as Partial<FolderEntry> | null
  return typeof entry?.name === 'string' && typeof entry.kind === 'string' && KINDS.has(entry.kind)
}

function badResponse(): ApiError {
  return new ApiError(0, 'bad_response', t('error.badResponse'))
}

function filesRoute(path: string): string {
  return `files?path=${encodeURIComponent(path)}`
}

/** `name` inside the folder `folder` (a path relative to the workspace). */
export function entryPath(folder: string, name: string): string {
  return folder === '' ? name : `${folder}/${name}`
}

/** Folders first, then files, each by name, as file trees usually list them. */
export function sortEntries(entries: readonly FolderEntry[]): FolderEntry[] {
  const rank = (entry: FolderEntry) => (entry.kind === 'directory' ? 0 : 1)
  return [...entries].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name))
}

/**
 * The file to open when the editor first shows a folder: its `Dockerfile`, else another build file
 * (`Dockerfile.dev`), else its Compose file, else its first file.
 */
export function fileToOpenFirst(entries: readonly FolderEntry[]): FolderEntry | undefined {
  const files = sortEntries(entries).filter((entry) => entry.kind === 'file')
  return (
    files.find((entry) => entry.name === 'Dockerfile') ??
    files.find((entry) => languageFor(entry.name) === 'dockerfile') ??
    files.find((entry) => /^(docker-)?compose\.ya?ml$/.test(entry.name)) ??
    files[0]
  )
}

export class WorkspaceFiles {
  readonly #request: SessionRequest

  constructor(request: SessionRequest) {
    this.#request = request
  }

  /** The entries of the folder at `path`, or null when there is no such folder. */
  async list(path: string): Promise<FolderEntry[] | null> {
    let body: unknown
    try {
      body = await this.#request('GET', filesRoute(path))
    } catch (error) {
      if (error instanceof ApiError && error.code === 'file_not_found') return null
      throw error
    }
    const { kind, entries } = (body ?? {}) as { kind?: unknown; entries?: unknown }
    if (kind !== 'directory' || !Array.isArray(entries) || !entries.every(isEntry)) throw badResponse()
    return entries
  }

  async read(path: string): Promise<WorkspaceFile> {
    const body = (await this.#request('GET', filesRoute(path))) as { kind?: unknown; content?: unknown; version?: unknown } | undefined
    if (body?.kind !== 'file' || typeof body.content !== 'string' || typeof body.version !== 'string') throw badResponse()
    return { path, content: body.content, version: body.version }
  }

  /**
   * Writes `content` to `path`. With `expectedVersion`, only if the file is still at that version:
   * otherwise (changed or deleted since) the outcome is a conflict and nothing is written. With
   * null, whatever is there is overwritten.
   */
  async write(path: string, content: string, expectedVersion: string | null): Promise<SaveOutcome> {
    let body: unknown
    try {
      body = await this.#request('PUT', filesRoute(path), {
        body: { content },
        headers: expectedVersion === null ? {} : { 'if-match': expectedVersion },
      })
    } catch (error) {
      if (error instanceof ApiError && error.code === 'version_conflict') return { kind: 'conflict' }
      throw error
    }
    const version = (body as { version?: unknown } | undefined)?.version
    if (typeof version !== 'string') throw badResponse()
    return { kind: 'saved', version }
  }
}
