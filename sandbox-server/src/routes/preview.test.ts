/**
 * @module Port preview through `app.request()`: the cookie, the proxy to a local HTTP server
 * standing in for the workstation (the fake's preview host is 127.0.0.1), and the ports list.
 */
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { serve } from '@hono/node-server'
import { WebSocket, WebSocketServer } from 'ws'
import { bearer, createTestApp, type TestApp } from '../testing/test-app.ts'
import { PREVIEW_COOKIE, rewriteLocation } from './preview.ts'

interface Seen {
  url: string
  headers: IncomingHttpHeaders
}

/** The `name=value` part of a `Set-Cookie` answer. */
async function grantAccess(test: TestApp, id: string, token: string): Promise<{ cookie: string; setCookie: string }> {
  const response = await test.app.request(`/api/sessions/${id}/preview-access`, { method: 'POST', headers: bearer(token) })
  assert.equal(response.status, 200)
  const setCookie = response.headers.get('Set-Cookie') ?? ''
  return { cookie: setCookie.split(';')[0]!, setCookie }
}

describe('Port preview', () => {
  let upstream: Server
  let port: number
  const seen: Seen[] = []

  before(async () => {
    upstream = createServer((request, response) => {
      seen.push({ url: request.url ?? '', headers: request.headers })
      if (request.url === '/moved') {
        response.writeHead(301, { Location: `http://127.0.0.1:${port}/new/?a=1` }).end()
      } else if (request.url === '/relative') {
        response.writeHead(302, { Location: '/login' }).end()
      } else {
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<h1>Welcome to nginx!</h1>')
      }
    })
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve))
    port = (upstream.address() as AddressInfo).port
  })

  after(() => new Promise<void>((resolve) => upstream.close(() => resolve())))

  it('Should set an HttpOnly, SameSite=Strict cookie scoped to the session preview, not the token', async () => {
    const test = await createTestApp()
    const { id, token } = await test.createSession()
    const { cookie, setCookie } = await grantAccess(test, id, token)
    assert.match(setCookie, /HttpOnly/)
    assert.match(setCookie, /SameSite=Strict/)
    assert.match(setCookie, new RegExp(`Path=/preview/${id}/`))
    assert.ok(cookie.startsWith(`${PREVIEW_COOKIE}=`))
    assert.ok(!cookie.includes(token), 'the cookie is not the token')
    assert.equal((await test.app.request(`/api/sessions/${id}/preview-access`, { method: 'POST' })).status, 401)
  })

  it('Should proxy with the cookie: prefix stripped, query kept, preview cookie and token not passed on', async () => {
    const test = await createTestApp()
    const { id, token } = await test.createSession()
    const { cookie } = await grantAccess(test, id, token)
    const response = await test.app.request(`/preview/${id}/${port}/docs/index.html?q=%ED%95%9C`, {
      headers: { Cookie: `${cookie}; theme=dark`, Authorization: `Bearer ${token}` },
    })
    assert.equal(response.status, 200)
    assert.match(await response.text(), /Welcome to nginx!/)
    const request = seen.at(-1)!
    assert.equal(request.url, '/docs/index.html?q=%ED%95%9C')
    assert.equal(request.headers.cookie, 'theme=dark')
    assert.equal(request.headers.authorization, undefined)
  })

  it('Should send a bare port to its folder and rewrite redirects under the prefix', async () => {
    const test = await createTestApp()
    const { id, token } = await test.createSession()
    const { cookie } = await grantAccess(test, id, token)
    const bare = await test.app.request(`/preview/${id}/${port}?x=1`, { headers: { Cookie: cookie } })
    assert.equal(bare.status, 308)
    assert.equal(bare.headers.get('Location'), `/preview/${id}/${port}/?x=1`)
    const moved = await test.app.request(`/preview/${id}/${port}/moved`, { headers: { Cookie: cookie } })
    assert.equal(moved.status, 301)
    assert.equal(moved.headers.get('Location'), `/preview/${id}/${port}/new/?a=1`)
    const relative = await test.app.request(`/preview/${id}/${port}/relative`, { headers: { Cookie: cookie } })
    assert.equal(relative.headers.get('Location'), `/preview/${id}/${port}/login`)
    assert.equal(rewriteLocation('https://example.com/x', new URL('http://10.0.0.2:80/'), '/preview/a/80'), 'https://example.com/x')
  })

  it('Should answer 401 without the cookie and 403 with another session\'s cookie', async () => {
    const test = await createTestApp()
    const mine = await test.createSession()
    const other = await test.createSession()
    const { cookie: otherCookie } = await grantAccess(test, other.id, other.token)
    const without = await test.app.request(`/preview/${mine.id}/${port}/`)
    assert.equal(without.status, 401)
    assert.equal(without.headers.get('X-Error-Code'), 'preview_access_missing')
    assert.match(await without.text(), /미리보기/)
    const foreign = await test.app.request(`/preview/${mine.id}/${port}/`, { headers: { Cookie: otherCookie } })
    assert.equal(foreign.status, 403)
    assert.equal(foreign.headers.get('X-Error-Code'), 'preview_forbidden')
  })

  it('Should refuse ports outside 1-65535 with 400 and answer 502 in Korean when nothing listens', async () => {
    const test = await createTestApp()
    const { id, token } = await test.createSession()
    const { cookie } = await grantAccess(test, id, token)
    for (const bad of ['0', '65536', '080', 'http']) {
      assert.equal((await test.app.request(`/preview/${id}/${bad}/`, { headers: { Cookie: cookie } })).status, 400, bad)
    }
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const free = (probe.address() as AddressInfo).port
        probe.close(() => resolve(free))
      })
    })
    const nothing = await test.app.request(`/preview/${id}/${closed}/`, { headers: { Cookie: cookie } })
    assert.equal(nothing.status, 502)
    assert.match(nothing.headers.get('Content-Type') ?? '', /text\/html/)
    assert.match(await nothing.text(), /포트/)
  })

  it('Should pipe WebSocket upgrades with the cookie, end them at shutdown, and refuse them without', async () => {
    const test = await createTestApp()
    const { id, token } = await test.createSession()
    const { cookie } = await grantAccess(test, id, token)
    const echo = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    const upgrades: IncomingHttpHeaders[] = []
    const paths: string[] = []
    echo.on('connection', (socket, request) => {
      upgrades.push(request.headers)
      paths.push(request.url ?? '')
      socket.on('message', (data) => socket.send(`echo: ${String(data)}`))
    })
    await once(echo, 'listening')
    const echoPort = (echo.address() as AddressInfo).port
    const server = serve({ fetch: test.app.fetch, port: 0, hostname: '127.0.0.1' })
    test.injectWebSocket(server)
    await once(server, 'listening')
    const base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/preview/${id}/${echoPort}/live?room=1`
    try {
      const client = new WebSocket(base, { headers: { Cookie: `${cookie}; theme=dark` } })
      await once(client, 'open')
      client.send('안녕')
      const [reply] = (await once(client, 'message')) as [Buffer]
      assert.equal(String(reply), 'echo: 안녕')
      assert.equal(paths[0], '/live?room=1')
      assert.equal(upgrades[0]?.cookie, 'theme=dark')
      test.closePreviews()
      await once(client, 'close')

      const refused = new WebSocket(base)
      const [, response] = (await once(refused, 'unexpected-response')) as [unknown, IncomingMessage]
      assert.equal(response.statusCode, 401)
      refused.on('error', () => {}) // Ending a socket that never opened reports an error by design.
      refused.terminate()
    } finally {
      server.close()
      echo.close()
    }
  })

  it('Should list published ports with their preview paths', async () => {
    const test = await createTestApp()
    const { id, token } = await test.createSession()
    test.provider.sandboxes.get(id)!.containers.push(
      { name: 'web', image: 'nginx', running: true, ports: { 80: 8080 } },
      { name: 'stopped', image: 'nginx', running: false, ports: { 80: 9090 } },
    )
    const response = await test.app.request(`/api/sessions/${id}/ports`, { headers: bearer(token) })
    assert.equal(response.status, 200)
    assert.deepEqual(await response.json(), {
      ports: [
        {
          containerId: 'web',
          containerName: 'web',
          privatePort: 80,
          publicPort: 8080,
          protocol: 'tcp',
          previewPath: `/preview/${id}/8080/`,
        },
      ],
    })
  })
})
