/**
 * @module `GET` and `PUT /api/sessions/:id/files?path=…`: the site's editor reads and writes the
 * learner's lesson folder (`/root/workspace` in the workstation). A read answers a folder's entries
 * or a file's UTF-8 text with its version (also the `ETag`); a write with `If-Match` is refused
 * with 409 when the file changed since that version.
 */
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import { SandboxError } from '../errors.ts'
import { runningSandbox } from '../middleware/running-sandbox/index.ts'
import { sessionAuth } from '../middleware/session-auth/index.ts'
import { validate } from '../middleware/validate/index.ts'
import type { SandboxHandle, SandboxProvider } from '../sandbox/provider.ts'
import { fileVersion, WorkspacePathSchema, workspaceErrors } from '../sandbox/workspace-path.ts'
import type { SessionManager } from '../sessions/session-manager.ts'
import { SessionParamsSchema } from './sessions.ts'

/** Largest file the editor opens or saves. */
export const FILE_MAX_BYTES = 1024 * 1024

export const FilesQuerySchema = () => z.object({ path: WorkspacePathSchema() })
export const WriteFileBodySchema = () => z.strictObject({ content: z.string() })

export interface FileRoutesDeps {
  sessions: SessionManager
  provider: SandboxProvider
  /** Largest file read or written; FILE_MAX_BYTES by default. */
  maxFileBytes?: number
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

function decodeText(content: Buffer): string {
  try {
    return utf8.decode(content)
  } catch {
    throw workspaceErrors.notAFile()
  }
}

/** The version of the file now, or undefined when there is none. */
async function currentVersion(provider: SandboxProvider, handle: SandboxHandle, path: string, maxFileBytes: number) {
  try {
    const node = await provider.readWorkspace(handle, path, maxFileBytes)
    return node.kind === 'file' ? fileVersion(node.content) : undefined
  } catch (error) {
    if (error instanceof SandboxError && error.code === 'file_not_found') return undefined
    throw error
  }
}

/** File routes, to mount at `/api/sessions`. */
export function fileRoutes({ sessions, provider, maxFileBytes = FILE_MAX_BYTES }: FileRoutesDeps): Hono {
  const params = validate('param', SessionParamsSchema())
  const query = validate('query', FilesQuerySchema())
  const auth = sessionAuth({ sessions })
  const sandbox = runningSandbox({ sessions })
  return new Hono()
    .get('/:id/files', params, query, auth, sandbox, async function readFiles(c) {
      const { path } = c.req.valid('query')
      const node = await provider.readWorkspace(c.var.sandbox, path, maxFileBytes)
      if (node.kind === 'directory') return c.json({ path, kind: 'directory', entries: node.entries })
      const version = fileVersion(node.content)
      c.header('ETag', version)
      return c.json({ path, kind: 'file', content: decodeText(node.content), size: node.content.length, mtime: node.mtime, version })
    })
    .put(
      '/:id/files',
      // JSON escapes (`\n`, `\"`) make the body longer than the file; the file's own size is checked below.
      bodyLimit({
        maxSize: 2 * maxFileBytes + 1024,
        onError(c) {
          throw workspaceErrors.tooLarge(c.req.query('path') ?? '', Number(c.req.header('Content-Length')), maxFileBytes)
        },
      }),
      params,
      query,
      auth,
      sandbox,
      validate('json', WriteFileBodySchema()),
      async function writeFile(c) {
        const { path } = c.req.valid('query')
        const content = Buffer.from(c.req.valid('json').content, 'utf8')
        if (content.length > maxFileBytes) throw workspaceErrors.tooLarge(path, content.length, maxFileBytes)
        const expected = c.req.header('If-Match')
        if (expected !== undefined && expected !== (await currentVersion(provider, c.var.sandbox, path, maxFileBytes))) {
          throw new SandboxError({
            code: 'version_conflict',
            status: 409,
            message: 'files.conflict',
            logMessage: `${path} changed since version ${expected}`,
          })
        }
        await provider.writeWorkspaceFile(c.var.sandbox, path, content)
        const version = fileVersion(content)
        c.header('ETag', version)
        return c.json({ path, size: content.length, version })
      },
    )
}
