/**
 * @module Paths in the learner's lesson folder. The files API takes a path from the browser and
 * turns it into a clean path relative to `/root/workspace` before any provider sees it: POSIX
 * normalisation, no NUL bytes, no `..` escape, absolute paths only inside the folder. Symlinks are
 * the provider's business (only it can see them).
 */
import path from 'node:path/posix'
import { createHash } from 'node:crypto'
import { z } from 'zod'
import { SandboxError } from '../errors.ts'

/** The learner's lesson folder in the workstation (its `WORKDIR`). */
export const WORKSPACE_DIR = '/root/workspace'
/** Deepest path taken: every folder on the way is checked for symlinks, one engine call each. */
const MAX_DEPTH = 32

/**
 * `input` as a path relative to the lesson folder: `''` for the folder itself, else segments joined
 * by `/` with no `.`, `..` or empty segment. Absolute paths must lie inside the folder.
 * @returns undefined when the path is not allowed (or deeper than MAX_DEPTH)
 */
export function relativeWorkspacePath(input: string): string | undefined {
  if (input.includes('\0')) return undefined
  const absolute = path.normalize(path.isAbsolute(input) ? input : path.join(WORKSPACE_DIR, input))
  if (absolute === WORKSPACE_DIR || absolute === `${WORKSPACE_DIR}/`) return ''
  if (!absolute.startsWith(`${WORKSPACE_DIR}/`)) return undefined
  const relative = absolute.slice(WORKSPACE_DIR.length + 1).replace(/\/$/, '')
  return relative.split('/').length > MAX_DEPTH ? undefined : relative
}

/** A `?path=` value, turned into a path relative to the lesson folder; the folder itself when absent. */
export const WorkspacePathSchema = () =>
  z
    .string()
    .max(4096)
    .default('')
    .transform((input, context) => {
      const relative = relativeWorkspacePath(input)
      if (relative === undefined) {
        context.addIssue({ code: 'custom', message: `path must stay inside ${WORKSPACE_DIR}` })
        return z.NEVER
      }
      return relative
    })

/** Absolute path in the workstation of a path relative to the lesson folder. */
export function workspaceAbsolutePath(relative: string): string {
  return relative === '' ? WORKSPACE_DIR : `${WORKSPACE_DIR}/${relative}`
}

/** The version (ETag value, quoted) of a file's content: a content hash, so any change shows. */
export function fileVersion(content: Uint8Array): string {
  return `"${createHash('sha256').update(content).digest('base64url').slice(0, 22)}"`
}

/** The failures of the files API that both providers raise, each with its stable code. */
export const workspaceErrors = {
  notFound: () => new SandboxError({ code: 'file_not_found', status: 404, message: 'files.notFound' }),
  directoryNotFound: () =>
    new SandboxError({ code: 'directory_not_found', status: 404, message: 'files.directoryNotFound' }),
  isDirectory: () => new SandboxError({ code: 'is_directory', status: 409, message: 'files.isDirectory' }),
  notAFile: () => new SandboxError({ code: 'not_a_file', status: 415, message: 'files.notText' }),
  symlink: (relative: string) =>
    new SandboxError({
      code: 'symlink_not_allowed',
      status: 400,
      message: 'files.symlink',
      logMessage: `refused a path through a symlink: ${relative}`,
    }),
  tooLarge: (relative: string, size: number, maxBytes: number) =>
    new SandboxError({
      code: 'file_too_large',
      status: 413,
      message: 'files.tooLarge',
      logMessage: `${relative} has ${size} bytes, over ${maxBytes}`,
    }),
}

/** The folder holding `relative` (`''` for the lesson folder). */
export function parentPath(relative: string): string {
  const parent = path.dirname(relative)
  return parent === '.' ? '' : parent
}
