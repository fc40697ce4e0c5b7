/** @module The files API through `app.request()` on the fake provider's lesson folder. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { bearer, createTestApp, type TestApp } from '../testing/test-app.ts'

interface ErrorBody {
  error: { code: string; message: string }
}

async function files(
  { app }: TestApp,
  id: string,
  token: string,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  return app.request(`/api/sessions/${id}/files?path=${encodeURIComponent(path)}`, {
    method: init.method ?? 'GET',
    headers: { ...bearer(token), 'Content-Type': 'application/json', ...init.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  })
}

async function errorCode(response: Response): Promise<string> {
  return ((await response.json()) as ErrorBody).error.code
}

describe('GET and PUT /api/sessions/:id/files', () => {
  it('Should write a Korean file, read it back with its version, and list it', async () => {
    const test = await createTestApp()
    const { id, token } = await test.createSession()
    const content = '<h1>안녕하세요, 도커!</h1>\n'
    const written = await files(test, id, token, '인사.html', { method: 'PUT', body: { content } })
    assert.equal(written.status, 200)
    const { version } = (await written.json()) as { version: string }
    assert.equal(written.headers.get('ETag'), version)
    assert.equal(test.provider.sandboxes.get(id)!.workspace.get('인사.html')?.kind, 'file')

    const read = await files(test, id, token, '/root/workspace/인사.html')
    assert.equal(read.status, 200)
    const body = (await read.json()) as Record<string, unknown>
    assert.deepEqual(
      { path: body.path, kind: body.kind, content: body.content, size: body.size, version: body.version },
      { path: '인사.html', kind: 'file', content, size: Buffer.byteLength(content), version },
    )
    assert.equal(read.headers.get('ETag'), version)

    const listing = (await (await files(test, id, token, '')).json()) as { kind: string; entries: { name: string; kind: string }[] }
    assert.equal(listing.kind, 'directory')
    assert.deepEqual(listing.entries.map((entry) => [entry.name, entry.kind]), [['인사.html', 'file']])
  })

  it('Should answer 409 when If-Match is not the current version, and write when it is', async () => {
    const test = await createTestApp()
    const { id, token } = await test.createSession()
    const first = (await (await files(test, id, token, 'app.py', { method: 'PUT', body: { content: 'v1' } })).json()) as {
      version: string
    }
    test.provider.sandboxes.get(id)!.workspace.set('app.py', { kind: 'file', content: Buffer.from('changed in the terminal'), mtime: new Date() })
    const stale = await files(test, id, token, 'app.py', { method: 'PUT', body: { content: 'v2' }, headers: { 'If-Match': first.version } })
    assert.equal(stale.status, 409)
    assert.equal(await errorCode(stale), 'version_conflict')
    const current = (await (await files(test, id, token, 'app.py')).json()) as { version: string }
    const fresh = await files(test, id, token, 'app.py', { method: 'PUT', body: { content: 'v2' }, headers: { 'If-Match': current.version } })
    assert.equal(fresh.status, 200)
  })

  it('Should refuse paths that leave the lesson folder with 400', async () => {
    const test = await createTestApp()
    const { id, token } = await test.createSession()
    for (const path of ['../etc/passwd', '/etc/passwd', 'a/../../../etc/passwd', '/root/workspace/../.bashrc', 'a\0b', '/root/workspacex/a']) {
      const response = await files(test, id, token, path)
      assert.equal(response.status, 400, path)
      assert.equal(await errorCode(response), 'invalid_request')
      const write = await files(test, id, token, path, { method: 'PUT', body: { content: 'x' } })
      assert.equal(write.status, 400, path)
    }
  })

  it('Should refuse to read or write through a symlink', async () => {
    const test = await createTestApp()
    const { id, token } = await test.createSession()
    test.provider.sandboxes.get(id)!.workspace.set('etc', { kind: 'symlink', target: '/etc', mtime: new Date() })
    for (const response of [
      await files(test, id, token, 'etc/passwd'),
      await files(test, id, token, 'etc'),
      await files(test, id, token, 'etc/evil', { method: 'PUT', body: { content: 'x' } }),
      await files(test, id, token, 'etc', { method: 'PUT', body: { content: 'x' } }),
    ]) {
      assert.equal(response.status, 400)
      const body = (await response.json()) as ErrorBody
      assert.equal(body.error.code, 'symlink_not_allowed')
      assert.match(body.error.message, /[가-힣]/)
    }
  })

  it('Should take files over the API body limit up to the file limit, and refuse bigger ones with 413', async () => {
    const test = await createTestApp()
    const { id, token } = await test.createSession()
    const large = '가'.repeat(100_000)
    assert.ok(Buffer.byteLength(large) > test.settings.bodyLimitBytes)
    assert.equal((await files(test, id, token, 'large.txt', { method: 'PUT', body: { content: large } })).status, 200)
    const tooLarge = await files(test, id, token, 'huge.txt', { method: 'PUT', body: { content: 'a'.repeat(1024 * 1024 + 1) } })
    assert.equal(tooLarge.status, 413)
    assert.equal(await errorCode(tooLarge), 'file_too_large')
  })

  it('Should answer 404 for a missing file or folder, 409 for writing over a folder, 415 for a binary file', async () => {
    const test = await createTestApp()
    const { id, token } = await test.createSession()
    const { workspace } = test.provider.sandboxes.get(id)!
    workspace.set('site', { kind: 'directory', mtime: new Date() })
    workspace.set('logo.png', { kind: 'file', content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe]), mtime: new Date() })
    assert.equal(await errorCode(await files(test, id, token, 'missing.txt')), 'file_not_found')
    assert.equal(await errorCode(await files(test, id, token, 'no/dir.txt', { method: 'PUT', body: { content: '' } })), 'directory_not_found')
    const overFolder = await files(test, id, token, 'site', { method: 'PUT', body: { content: '' } })
    assert.equal(overFolder.status, 409)
    assert.equal(await errorCode(overFolder), 'is_directory')
    const binary = await files(test, id, token, 'logo.png')
    assert.equal(binary.status, 415)
    assert.equal((await files(test, id, token, 'site/index.html', { method: 'PUT', body: { content: 'ok' } })).status, 200)
  })

  it('Should answer 401 without the token, 400 for a bad body and 409 for a stopped workstation', async () => {
    const test = await createTestApp()
    const { id, token } = await test.createSession()
    assert.equal((await test.app.request(`/api/sessions/${id}/files?path=a`)).status, 401)
    assert.equal((await files(test, id, token, 'a.txt', { method: 'PUT', body: { text: 'x' } })).status, 400)
    const malformed = await test.app.request(`/api/sessions/${id}/files?path=a.txt`, {
      method: 'PUT',
      headers: { ...bearer(token), 'Content-Type': 'application/json' },
      body: '{"content": ',
    })
    assert.equal(malformed.status, 400)
    assert.equal(await errorCode(malformed), 'invalid_request')
    test.provider.sandboxes.get(id)!.running = false
    const stopped = await files(test, id, token, '')
    assert.equal(stopped.status, 409)
    assert.equal(await errorCode(stopped), 'session_stopped')
  })
})
