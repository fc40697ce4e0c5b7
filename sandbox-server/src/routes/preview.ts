/**
 * @module Port preview: what a learner publishes in their sandbox (`docker run -p 8080:80 nginx`)
 * is served to their browser at `/preview/<sessionId>/<port>/…`. An iframe cannot send the Bearer
 * token, so `POST /api/sessions/:id/preview-access` sets an HttpOnly, SameSite=Strict cookie scoped
 * to `/preview/<sessionId>/`, holding an HMAC of the session id under a server secret (never the
 * token); the proxy checks it, then forwards to the workstation's address on its own network,
 * WebSocket upgrades included. `GET /api/sessions/:id/ports` lists what inner containers publish.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { EventEmitter, once } from 'node:events'
import { STATUS_CODES, type IncomingMessage } from 'node:http'
import { connect } from 'node:net'
import type { Duplex } from 'node:stream'
import type { NodeWebSocket } from '@hono/node-ws'
import { Hono, type ErrorHandler } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { html } from 'hono/html'
import { proxy } from 'hono/proxy'
import { parse as parseCookies } from 'hono/utils/cookie'
import { z } from 'zod'
import { SandboxError } from '../errors.ts'
import type { Logger } from '../logger.ts'
import { t } from '../messages.ts'
import { runningHandle, runningSandbox } from '../middleware/running-sandbox/index.ts'
import { sessionAuth } from '../middleware/session-auth/index.ts'
import { validate } from '../middleware/validate/index.ts'
import type { SandboxHandle, SandboxProvider } from '../sandbox/provider.ts'
import { SessionIdSchema } from '../sessions/credentials.ts'
import type { SessionManager } from '../sessions/session-manager.ts'
import { SessionParamsSchema } from './sessions.ts'

/** Name of the preview cookie. */
export const PREVIEW_COOKIE = 'classroom_preview'

/** A TCP port in 1–65535, written without leading zeros (the prefix is matched as written). */
export const PreviewParamsSchema = () =>
  z.object({
    id: SessionIdSchema(),
    port: z
      .string()
      .regex(/^[1-9][0-9]{0,4}$/)
      .transform(Number)
      .refine((port) => port <= 65_535),
  })

/** Where the preview of `port` lives. */
export function previewPath(sessionId: string, port: number): string {
  return `/preview/${sessionId}/${port}/`
}

/** The preview credential of a session: an HMAC of its id, so it proves the session without being its token. */
export function previewCredential(secret: Uint8Array, sessionId: string): string {
  return createHmac('sha256', secret).update(`preview:${sessionId}`).digest('base64url')
}

function credentialMatches(presented: string, expected: string): boolean {
  const a = Buffer.from(presented)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

export interface PreviewRoutesDeps {
  sessions: SessionManager
  provider: SandboxProvider
  /** Key of the preview credentials; a restart with a new secret only makes the site ask again. */
  secret: Uint8Array
}

/** `preview-access` and `ports`, to mount at `/api/sessions`. */
export function previewAccessRoutes({ sessions, provider, secret }: PreviewRoutesDeps): Hono {
  const params = validate('param', SessionParamsSchema())
  const auth = sessionAuth({ sessions })
  return new Hono()
    .post('/:id/preview-access', params, auth, function grantPreviewAccess(c) {
      const session = c.var.session
      const path = `/preview/${session.id}/`
      // No expiry (a browser-session cookie): once the session is gone, the credential opens nothing.
      setCookie(c, PREVIEW_COOKIE, previewCredential(secret, session.id), {
        path,
        httpOnly: true,
        sameSite: 'Strict',
        secure: new URL(c.req.url).protocol === 'https:',
      })
      return c.json({ path })
    })
    .get('/:id/ports', params, auth, runningSandbox({ sessions }), async function listPorts(c) {
      const ports = await provider.publishedPorts(c.var.sandbox)
      return c.json({
        ports: ports.map((port) => ({
          ...port,
          ...(port.protocol === 'tcp' ? { previewPath: previewPath(c.var.sandbox.sessionId, port.publicPort) } : {}),
        })),
      })
    })
}

/** A `Cookie` header without the preview cookie; the learner's own cookies pass. */
function withoutPreviewCookie(header: string | undefined): string | undefined {
  const kept = (header ?? '')
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair !== '' && !pair.startsWith(`${PREVIEW_COOKIE}=`))
  return kept.length > 0 ? kept.join('; ') : undefined
}

/** `Location` of an upstream answer, pointed back under the preview prefix when it points at the upstream. */
export function rewriteLocation(location: string, upstream: URL, prefix: string): string {
  if (location.startsWith('//')) return location
  const target = new URL(location, upstream)
  const relativeToUpstream = location.startsWith('/') || target.origin === upstream.origin
  return relativeToUpstream ? `${prefix}${target.pathname}${target.search}${target.hash}` : location
}

/** Answers preview failures as a small Korean page (an iframe shows it), with the code in `X-Error-Code`. */
const previewErrorPage = ({ logger }: { logger: Logger }): ErrorHandler =>
  function previewErrorPage(error, c) {
    const known = error instanceof SandboxError
    if (!known || error.status >= 500) logger.warn('preview.failed', { path: c.req.path, error })
    c.header('X-Error-Code', known ? error.code : 'internal_error')
    const message = known ? error.userMessage : t('server.internal')
    const page = html`<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>미리보기</title></head>
<body style="font-family: sans-serif; padding: 2rem"><p>${message}</p></body></html>`
    return c.html(page, known ? error.status : 500)
  }

/** The workstation a preview request goes to, once its cookie proves it is this session's. */
async function previewTarget(
  { sessions, provider, secret }: PreviewRoutesDeps,
  id: string,
  presented: string | undefined,
): Promise<{ handle: SandboxHandle; host: string }> {
  if (!presented) throw new SandboxError({ code: 'preview_access_missing', status: 401, message: 'preview.missingAccess' })
  if (!credentialMatches(presented, previewCredential(secret, id))) {
    throw new SandboxError({ code: 'preview_forbidden', status: 403, message: 'preview.forbidden' })
  }
  const session = await sessions.find(id)
  if (!session) throw new SandboxError({ code: 'session_not_found', status: 404, message: 'session.notFound' })
  const handle = await runningHandle(sessions, session)
  return { handle, host: await provider.previewHost(handle) }
}

function unreachable(port: number, handle: SandboxHandle, cause: unknown): SandboxError {
  return new SandboxError({
    code: 'preview_unreachable',
    status: 502,
    message: 'preview.unreachable',
    logMessage: `nothing answered on port ${port} of ${handle.containerName}`,
    cause,
  })
}

/** The proxy, to mount at `/preview`. */
export function previewProxyRoutes({ logger, ...deps }: PreviewRoutesDeps & { logger: Logger }): Hono {
  return new Hono()
    .all('/:id/:port', validate('param', PreviewParamsSchema()), function addSlash(c) {
      const { id, port } = c.req.valid('param')
      return c.redirect(`${previewPath(id, port)}${new URL(c.req.url).search}`, 308)
    })
    .all('/:id/:port/*', validate('param', PreviewParamsSchema()), async function proxyPreview(c) {
      const { id, port } = c.req.valid('param')
      const { handle, host } = await previewTarget(deps, id, getCookie(c, PREVIEW_COOKIE))
      const prefix = previewPath(id, port).slice(0, -1)
      const url = new URL(c.req.url)
      const upstream = new URL(`${url.pathname.slice(prefix.length)}${url.search}`, `http://${host}:${port}`)
      let response: Response
      try {
        response = await proxy(upstream, {
          raw: c.req.raw,
          redirect: 'manual',
          // The learner's program gets neither the site's credentials nor the preview cookie.
          headers: {
            ...c.req.header(),
            cookie: withoutPreviewCookie(c.req.header('Cookie')),
            authorization: undefined,
            'x-forwarded-prefix': prefix,
          },
        })
      } catch (error) {
        throw unreachable(port, handle, error)
      }
      const location = response.headers.get('Location')
      if (location) response.headers.set('Location', rewriteLocation(location, upstream, prefix))
      return response
    })
    .onError(previewErrorPage({ logger }))
}

/** The head of an upgrade request as the learner's program gets it: path without the prefix, no site credentials. */
function upstreamRequestHead(request: IncomingMessage, path: string, host: string): string {
  const lines = [`${request.method ?? 'GET'} ${path} HTTP/1.1`, `Host: ${host}`]
  for (let index = 0; index < request.rawHeaders.length; index += 2) {
    const name = request.rawHeaders[index]!
    const lower = name.toLowerCase()
    if (lower === 'host' || lower === 'authorization') continue
    const value = lower === 'cookie' ? withoutPreviewCookie(request.rawHeaders[index + 1]) : request.rawHeaders[index + 1]
    if (value !== undefined) lines.push(`${name}: ${value}`)
  }
  return `${lines.join('\r\n')}\r\n\r\n`
}

/**
 * Pipes a WebSocket upgrade under `/preview/<id>/<port>/` to the learner's program, checked like
 * the HTTP proxy; a refusal is answered with its status and no body.
 */
async function upgradePreview(
  deps: PreviewRoutesDeps & { logger: Logger },
  open: Set<Duplex>,
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://preview')
  const [, id, port] = /^\/preview\/([^/]+)\/([^/]+)/.exec(url.pathname) ?? []
  try {
    const params = PreviewParamsSchema().safeParse({ id, port })
    if (!params.success) throw new SandboxError({ code: 'invalid_request', status: 400, message: 'request.invalid' })
    const { handle, host } = await previewTarget(deps, params.data.id, parseCookies(request.headers.cookie ?? '')[PREVIEW_COOKIE])
    const prefix = previewPath(params.data.id, params.data.port).slice(0, -1)
    const upstream = connect(params.data.port, host)
    await once(upstream, 'connect').catch((error: unknown) => {
      throw unreachable(params.data.port, handle, error)
    })
    upstream.on('error', () => socket.destroy())
    socket.on('error', () => upstream.destroy())
    socket.on('close', () => {
      upstream.destroy()
      open.delete(socket)
    })
    open.add(socket)
    upstream.write(upstreamRequestHead(request, `${url.pathname.slice(prefix.length) || '/'}${url.search}`, `${host}:${params.data.port}`))
    upstream.write(head)
    socket.pipe(upstream).pipe(socket)
  } catch (error) {
    const status = error instanceof SandboxError ? error.status : 500
    if (status >= 500) deps.logger.warn('preview.upgrade-failed', { path: url.pathname, error })
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
  }
}

/** The preview's share of a server's WebSocket upgrades. */
export interface PreviewUpgrades {
  /**
   * node-ws's `injectWebSocket`, wrapped: upgrades under `/preview/` go to the learner's program,
   * every other one to node-ws (the terminal), which answers every upgrade it sees.
   */
  inject: NodeWebSocket['injectWebSocket']
  /** Ends every piped preview WebSocket; the HTTP server stops tracking upgraded sockets, so shutdown must. */
  closeAll(): void
}

/** Preview WebSockets for `injectWebSocket`'s server. */
export function previewUpgrades(
  injectWebSocket: NodeWebSocket['injectWebSocket'],
  deps: PreviewRoutesDeps & { logger: Logger },
): PreviewUpgrades {
  const open = new Set<Duplex>()
  return {
    inject(server) {
      const others = new EventEmitter()
      server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
        if (request.url?.startsWith('/preview/')) void upgradePreview(deps, open, request, socket, head)
        else others.emit('upgrade', request, socket, head)
      })
      // node-ws only listens for `upgrade` on what it is given.
      injectWebSocket(others as unknown as Parameters<NodeWebSocket['injectWebSocket']>[0])
    },
    closeAll() {
      for (const socket of open) socket.destroy()
    },
  }
}
