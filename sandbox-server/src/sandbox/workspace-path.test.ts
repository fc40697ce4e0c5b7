/** @module Paths from the browser, turned into paths inside the lesson folder or refused. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fileVersion, relativeWorkspacePath } from './workspace-path.ts'

describe('relativeWorkspacePath', () => {
  it('Should normalise paths inside the lesson folder', () => {
    for (const [input, expected] of [
      ['', ''],
      ['.', ''],
      ['/root/workspace', ''],
      ['/root/workspace/', ''],
      ['앱/Dockerfile', '앱/Dockerfile'],
      ['./a//b/./c/', 'a/b/c'],
      ['a/../b', 'b'],
      ['/root/workspace/site/index.html', 'site/index.html'],
    ]) {
      assert.equal(relativeWorkspacePath(input!), expected, input)
    }
  })

  it('Should refuse escapes, NUL bytes, lookalike folders and very deep paths', () => {
    for (const input of ['..', '../x', 'a/../../x', '/etc/passwd', '/root/workspace/../x', '/root/workspacex', 'a\0b', 'a/'.repeat(33)]) {
      assert.equal(relativeWorkspacePath(input), undefined, JSON.stringify(input))
    }
    assert.equal(relativeWorkspacePath('a/'.repeat(32)), Array(32).fill('a').join('/'))
  })
})

describe('fileVersion', () => {
  it('Should change with the content and be a quoted ETag', () => {
    assert.match(fileVersion(Buffer.from('a')), /^"[A-Za-z0-9_-]{22}"$/)
    assert.notEqual(fileVersion(Buffer.from('a')), fileVersion(Buffer.from('b')))
  })
})
