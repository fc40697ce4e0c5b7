/**
 * @module Fault test (`npm run test:faults`): a few hundred hostile requests against the server on
 * the fake provider — malformed and huge bodies, missing, wrong and other sessions' tokens, path
 * traversal and NUL bytes on the files API, bad preview ports, and huge or garbage WebSocket frames
 * on the terminal. Every HTTP answer is a 4xx with the JSON error shape, none carries a stack trace
 * or the other session's id or token, and the server still answers `/healthz` and a terminal after.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import { after, describe, it } from 'node:test'
import { TERMINAL_MAX_FRAME_BYTES } from '../app.ts'
import type { RunningServer } from '../server.ts'
import { serveTestApp } from '../testing/serve-test-app.ts'
import { openTerminal, TerminalClient } from '../testing/terminal-client.ts'
import { bearer, createTestApp } from '../testing/test-app.ts'

const MiB = 1024 * 1024

interface Learner {
  id: string
  token: string
}

interface Probe {
  method: string
  path: string
  headers?: Record<string, string>
  body?: string | Buffer
}

const servers: RunningServer[] = []
after(async () => {
  await Promise.all(servers.map((server) => server.close('test over')))
})

async function serveFake() {
  const test = await createTestApp()
  const running = await serveTestApp(test)
  servers.push(running)
  const learner = async (): Promise<Learner> => {
    const response = await fetch(`${running.url}/api/sessions`, { method: 'POST' })
    assert.equal(response.status, 201)
    return (await response.json()) as Learner
  }
  return { url: running.url, a: await learner(), b: await learner() }
}

/**
 * Sends `probe` over node:http rather than fetch: the server answers a huge body's 413 before reading
 * it all and closes the socket, and fetch reports that as a network error instead of the answer.
 */
function send(url: string, probe: Probe): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${url}${probe.path}`, { method: probe.method, headers: { Connection: 'close', ...probe.headers } }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString() }),
      )
    })
    // A write cut off by the early answer is expected; no answer at all fails on the close below.
    request.on('error', () => {})
    request.on('close', () => reject(new Error(`${probe.method} ${probe.path.slice(0, 120)}: no answer`)))
    request.end(probe.body)
  })
}

/**
 * Sends `probe` and asserts a 4xx error that leaks neither a stack nor anything of `other`: JSON
 * `{"error":{"code","message"}}` from the API, a Korean HTML page with `X-Error-Code` from the preview
 * (it is shown in an iframe).
 */
async function assertRefused(url: string, probe: Probe, other: Learner): Promise<void> {
  const label = `${probe.method} ${probe.path.slice(0, 120)}`
  const { status, headers, text } = await send(url, probe)
  assert.ok(status >= 400 && status < 500, `${label}: ${status} ${text.slice(0, 300)}`)
  if (probe.path.startsWith('/preview/')) {
    assert.match(headers['content-type'] ?? '', /^text\/html/, label)
    assert.match(String(headers['x-error-code']), /^[a-z_]+$/, label)
  } else {
    assert.match(headers['content-type'] ?? '', /^application\/json/, `${label}: ${text.slice(0, 300)}`)
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }
    assert.equal(typeof body.error?.code, 'string', `${label}: ${text}`)
    assert.equal(typeof body.error?.message, 'string', `${label}: ${text}`)
  }
  assert.doesNotMatch(text, /\n\s+at |node:internal|\.ts:\d+/, `${label}: a stack trace`)
  assert.ok(!text.includes(other.token) && !text.includes(other.id), `${label}: the other session leaked`)
}

/** The session routes of `id`, each with whatever body it takes. */
function sessionRoutes(id: string): Probe[] {
  return [
    { method: 'GET', path: `/api/sessions/${id}` },
    { method: 'DELETE', path: `/api/sessions/${id}` },
    { method: 'POST', path: `/api/sessions/${id}/tickets` },
    { method: 'POST', path: `/api/sessions/${id}/checks/first-container/run-nginx` },
    { method: 'GET', path: `/api/sessions/${id}/files?path=notes.txt` },
    { method: 'PUT', path: `/api/sessions/${id}/files?path=notes.txt`, body: JSON.stringify({ content: 'x' }), headers: { 'Content-Type': 'application/json' } },
    { method: 'GET', path: `/api/sessions/${id}/events` },
    { method: 'GET', path: `/api/sessions/${id}/ports` },
    { method: 'POST', path: `/api/sessions/${id}/preview-access` },
  ]
}

describe('Hostile requests', () => {
  it('Should answer every one with a 4xx error that leaks nothing, and keep serving', { timeout: 120_000 }, async (t) => {
    const { url, a, b } = await serveFake()
    const probes: Probe[] = []
    const withAuth = (probe: Probe, authorization: string | undefined): Probe => ({
      ...probe,
      headers: { ...probe.headers, ...(authorization === undefined ? {} : { Authorization: authorization }) },
    })

    // Tokens: none, malformed, wrong, another session's, and the right token on ids that are not its own.
    const badAuthorizations = [undefined, 'Bearer', 'Bearer ', `Bearer ${'x'.repeat(43)}`, `Basic ${a.token}`, `bearer${a.token}`, `Bearer ${a.token}x`, `Bearer ${'é'.repeat(5000)}`, `Bearer ${b.token}`]
    for (const route of sessionRoutes(a.id)) for (const authorization of badAuthorizations) probes.push(withAuth(route, authorization))
    for (const id of ['a'.repeat(32), 'nope', '..%2F..%2Fetc', '%00', 'x'.repeat(4000), encodeURIComponent(b.id + '\0')]) {
      for (const route of sessionRoutes(id)) probes.push(withAuth(route, `Bearer ${a.token}`))
    }

    // Bodies: malformed JSON, wrong shapes, and far over every limit.
    const put = (body: string | Buffer, type = 'application/json'): Probe =>
      withAuth({ method: 'PUT', path: `/api/sessions/${a.id}/files?path=notes.txt`, body, headers: { 'Content-Type': type } }, `Bearer ${a.token}`)
    for (const body of ['{', 'not json', '', 'null', '[]', '{"content": 5}', '{"content": null}', '{"content": ["x"]}', '\u0000', '{"content":"x"'.repeat(1000)]) probes.push(put(body))
    probes.push(put(randomBytes(4096), 'application/octet-stream'), put('content=x', 'application/x-www-form-urlencoded'))
    probes.push(put(JSON.stringify({ content: 'x'.repeat(8 * MiB) })))
    for (const route of sessionRoutes(a.id).filter((probe) => probe.method === 'POST')) {
      probes.push(withAuth({ ...route, body: 'x'.repeat(2 * MiB), headers: { 'Content-Type': 'application/json' } }, `Bearer ${a.token}`))
    }
    probes.push({ method: 'POST', path: '/api/sessions', body: '{'.repeat(2 * MiB), headers: { 'Content-Type': 'application/json' } })

    // Files: traversal, absolute paths, NUL bytes, control characters, absurd lengths and depths.
    const badPaths = [
      '../etc/passwd', '..', '../', 'a/../../etc/passwd', '/etc/passwd', '//etc/passwd', '..%2F..%2Fetc%2Fpasswd',
      '%2e%2e/%2e%2e/etc/passwd', 'notes.txt%00.png', '%00', 'a%00/b', 'a/%00',
      'x'.repeat(5000), Array.from({ length: 64 }, () => 'd').join('/'), 'a//b', './../x', 'a/./../../x', '%c0%ae%c0%ae/x',
    ]
    for (const bad of badPaths) {
      const query = bad.includes('%') ? bad : encodeURIComponent(bad)
      probes.push(withAuth({ method: 'GET', path: `/api/sessions/${a.id}/files?path=${query}` }, `Bearer ${a.token}`))
      probes.push(withAuth({ method: 'PUT', path: `/api/sessions/${a.id}/files?path=${query}`, body: JSON.stringify({ content: 'x' }), headers: { 'Content-Type': 'application/json' } }, `Bearer ${a.token}`))
    }
    probes.push(withAuth({ method: 'GET', path: `/api/sessions/${a.id}/files?path=a&path=b&path=../x` }, `Bearer ${a.token}`))

    // Preview: bad ports with a valid cookie, another session's preview with it, and no cookie at all.
    const access = await fetch(`${url}/api/sessions/${a.id}/preview-access`, { method: 'POST', headers: bearer(a.token) })
    assert.equal(access.status, 200)
    const cookie = access.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ')
    for (const port of ['0', '65536', '-1', 'abc', '1e3', '80.5', '0x50', '99999999999999999999', '%00', '08080', ' 80']) {
      probes.push({ method: 'GET', path: `/preview/${a.id}/${port}/`, headers: { Cookie: cookie } })
    }
    probes.push({ method: 'GET', path: `/preview/${b.id}/8080/`, headers: { Cookie: cookie } }, { method: 'GET', path: `/preview/${a.id}/8080/` })
    probes.push({ method: 'GET', path: `/preview/${a.id}/8080/`, headers: { Cookie: `${cookie.split('=')[0]}=${'A'.repeat(4000)}` } })

    // Unknown API routes and methods.
    probes.push({ method: 'GET', path: '/api/nope' }, { method: 'PATCH', path: `/api/sessions/${a.id}` }, { method: 'GET', path: '/api/sessions' })

    const started = performance.now()
    for (const probe of probes) await assertRefused(url, probe, probe.path.includes(b.id) ? a : b)
    t.diagnostic(`${probes.length} requests refused in ${((performance.now() - started) / 1000).toFixed(1)} s`)

    // Nothing a refused request tried happened: both sessions are still there with their tokens.
    for (const learner of [a, b]) assert.equal((await fetch(`${url}/api/sessions/${learner.id}`, { headers: bearer(learner.token) })).status, 200)
    assert.equal((await fetch(`${url}/healthz`)).status, 200)
  })

  it('Should survive huge and garbage terminal frames and bad tickets', { timeout: 60_000 }, async () => {
    const { url, a, b } = await serveFake()
    const ticketOf = async (learner: Learner) => {
      const response = await fetch(`${url}/api/sessions/${learner.id}/tickets`, { method: 'POST', headers: bearer(learner.token) })
      return ((await response.json()) as { ticket: string }).ticket
    }
    assert.equal(await new TerminalClient(url, a.id, await ticketOf(b)).closeCode(), 4401)
    assert.equal(await new TerminalClient(url, a.id, 'x'.repeat(8000)).closeCode(), 4401)
    assert.equal(await new TerminalClient(url, a.id, '\0').closeCode(), 4401)

    const { client } = await openTerminal(url, a.id, a.token)
    await client.waitFor('$ ')
    for (let i = 0; i < 200; i += 1) client.send(randomBytes(1 + (i % 64) * 16))
    for (const text of ['not json', '{', 'null', '[]', '{"type":"resize","cols":1e9,"rows":-1}', '{"type":"resize","cols":"x","rows":{}}', '{"__proto__":{"type":"resize"}}', 'x'.repeat(MiB)]) {
      client.socket.send(text)
    }
    client.send('still-here')
    await client.waitFor('still-here', { timeoutMs: 20_000 })

    // A frame over the limit closes its socket (1009) before the server buffers it.
    client.send(randomBytes(TERMINAL_MAX_FRAME_BYTES + 1))
    assert.equal(await client.closeCode(), 1009)

    // A text frame that is not UTF-8 breaks the protocol: the socket closes, the server stays up.
    const other = (await openTerminal(url, a.id, a.token)).client
    await other.waitFor('$ ')
    other.socket.send(Buffer.from([0xff, 0xfe, 0xfd]), { binary: false })
    assert.equal(await other.closeCode(), 1007)
    assert.equal((await fetch(`${url}/healthz`)).status, 200)
    const again = (await openTerminal(url, a.id, a.token)).client
    await again.waitFor('$ ')
    again.send('echo-after')
    await again.waitFor('echo-after')
    again.close()
    assert.equal((await fetch(`${url}/healthz`)).status, 200)
  })
})
