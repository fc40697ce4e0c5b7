/** @module The static site at `/`. */
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { createTestApp } from '../testing/test-app.ts'

async function builtSite(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'classroom-site-'))
  await mkdir(path.join(dir, 'lessons', 'first-container'), { recursive: true })
  await writeFile(path.join(dir, 'index.html'), '<h1>도커 교실</h1>')
  await writeFile(path.join(dir, 'lessons', 'first-container', 'index.html'), '<h1>첫 컨테이너</h1>')
  await writeFile(path.join(dir, '404.html'), '<h1>없는 페이지</h1>')
  return dir
}

describe('Static site', () => {
  it('Should serve index.html for / and for directories', async () => {
    const { app } = await createTestApp({ overrides: { siteDir: await builtSite() } })
    const home = await app.request('/')
    assert.equal(home.status, 200)
    assert.match(home.headers.get('Content-Type') ?? '', /text\/html/)
    assert.equal(await home.text(), '<h1>도커 교실</h1>')
    const lesson = await app.request('/lessons/first-container/')
    assert.equal(await lesson.text(), '<h1>첫 컨테이너</h1>')
  })

  it('Should answer the site 404 page for unknown pages and refuse ..', async () => {
    const { app } = await createTestApp({ overrides: { siteDir: await builtSite() } })
    for (const url of ['/no-such-page', '/lessons/../../etc/passwd']) {
      const response = await app.request(url)
      assert.equal(response.status, 404)
      assert.equal(await response.text(), '<h1>없는 페이지</h1>')
    }
  })

  it('Should answer a Korean notice when the site is not built', async () => {
    const { app } = await createTestApp({ overrides: { siteDir: '/nonexistent/site/dist' } })
    const response = await app.request('/')
    assert.equal(response.status, 503)
    assert.match(await response.text(), /빌드되지 않았습니다/)
  })

  it('Should keep API errors as JSON', async () => {
    const { app } = await createTestApp({ overrides: { siteDir: await builtSite() } })
    const response = await app.request('/api/unknown')
    assert.equal(response.status, 404)
    assert.match(response.headers.get('Content-Type') ?? '', /application\/json/)
  })
})
