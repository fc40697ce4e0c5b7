/** @module Tests for the editor's view of the files API, against a fake session request. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ApiError, type ApiMethod, type ApiRequestInit } from '../session/session-client.ts'
import { entryPath, fileToOpenFirst, sortEntries, WorkspaceFiles, type FolderEntry } from './workspace-files.ts'

interface Sent {
  method: ApiMethod
  route: string
  init: ApiRequestInit | undefined
}

/** A session request answering each call with the next of `answers` (an Error is thrown). */
function fakeRequest(...answers: unknown[]) {
  const sent: Sent[] = []
  const request = async (method: ApiMethod, route: string, init?: ApiRequestInit) => {
    sent.push({ method, route, init })
    const answer = answers.shift()
    if (answer instanceof Error) throw answer
    return answer
  }
  return { files: new WorkspaceFiles(request), sent }
}

const entry = (name: string, kind: FolderEntry['kind'] = 'file'): FolderEntry => ({ name, kind, size: 1, mtime: '2026-01-01T00:00:00Z' })

describe('WorkspaceFiles', () => {
  it('lists a folder, with the path encoded in the query', async () => {
    const entries = [entry('Dockerfile'), entry('app', 'directory')]
    const { files, sent } = fakeRequest({ path: 'first-build', kind: 'directory', entries })
    assert.deepEqual(await files.list('first-build/my app'), entries)
    assert.deepEqual(sent, [{ method: 'GET', route: 'files?path=first-build%2Fmy%20app', init: undefined }])
  })

  it('answers null for a folder that does not exist, and throws other errors', async () => {
    const { files } = fakeRequest(
      new ApiError(404, 'file_not_found', '없습니다'),
      new ApiError(409, 'session_stopped', '멈췄습니다'),
    )
    assert.equal(await files.list('no-files'), null)
    await assert.rejects(files.list('no-files'), { code: 'session_stopped' })
  })

  it('refuses an answer that is not a folder listing', async () => {
    const { files } = fakeRequest({ kind: 'file', content: 'x', version: '"1"' })
    await assert.rejects(files.list('lesson'), { code: 'bad_response' })
  })

  it('reads a file with its version', async () => {
    const { files } = fakeRequest({ path: 'l/Dockerfile', kind: 'file', content: 'FROM busybox\n', size: 13, version: '"abc"' })
    assert.deepEqual(await files.read('l/Dockerfile'), { path: 'l/Dockerfile', content: 'FROM busybox\n', version: '"abc"' })
  })

  it('saves with If-Match, and reports a version conflict as a conflict, not an error', async () => {
    const { files, sent } = fakeRequest({ path: 'l/Dockerfile', size: 5, version: '"v2"' }, new ApiError(409, 'version_conflict', '바뀌었습니다'))
    assert.deepEqual(await files.write('l/Dockerfile', 'FROM\n', '"v1"'), { kind: 'saved', version: '"v2"' })
    assert.deepEqual(sent[0], { method: 'PUT', route: 'files?path=l%2FDockerfile', init: { body: { content: 'FROM\n' }, headers: { 'if-match': '"v1"' } } })
    assert.deepEqual(await files.write('l/Dockerfile', 'FROM\n', '"v2"'), { kind: 'conflict' })
  })

  it('overwrites without If-Match when asked to, and still throws other errors', async () => {
    const { files, sent } = fakeRequest({ version: '"v3"' }, new ApiError(413, 'file_too_large', '너무 큽니다'))
    assert.deepEqual(await files.write('l/a.txt', 'x', null), { kind: 'saved', version: '"v3"' })
    assert.deepEqual(sent[0]?.init?.headers, {})
    await assert.rejects(files.write('l/a.txt', 'x', null), { code: 'file_too_large' })
  })
})

describe('folder helpers', () => {
  it('joins a name onto a folder, the workspace itself being the empty path', () => {
    assert.equal(entryPath('', 'first-build'), 'first-build')
    assert.equal(entryPath('first-build/app', 'main.py'), 'first-build/app/main.py')
  })

  it('lists folders first, then files, by name', () => {
    const sorted = sortEntries([entry('b.txt'), entry('src', 'directory'), entry('a.txt'), entry('app', 'directory')])
    assert.deepEqual(sorted.map((e) => e.name), ['app', 'src', 'a.txt', 'b.txt'])
  })

  it('opens the Dockerfile first, else another build file, else the Compose file, else the first file, never a folder', () => {
    assert.equal(fileToOpenFirst([entry('README.md'), entry('Dockerfile')])?.name, 'Dockerfile')
    assert.equal(fileToOpenFirst([entry('build.js'), entry('Dockerfile.single'), entry('compose.yaml')])?.name, 'Dockerfile.single')
    assert.equal(fileToOpenFirst([entry('README.md'), entry('compose.yaml')])?.name, 'compose.yaml')
    assert.equal(fileToOpenFirst([entry('app', 'directory'), entry('notes.txt')])?.name, 'notes.txt')
    assert.equal(fileToOpenFirst([entry('app', 'directory')]), undefined)
  })
})
