/** @module Tests for choosing the editor's language from a file name. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { languageFor } from './language.ts'

describe('languageFor', () => {
  const cases: [string, string][] = [
    ['Dockerfile', 'dockerfile'],
    ['first-build/app/Dockerfile', 'dockerfile'],
    ['Dockerfile.dev', 'dockerfile'],
    ['web.dockerfile', 'dockerfile'],
    ['Containerfile', 'dockerfile'],
    ['compose.yaml', 'yaml'],
    ['docker-compose.yml', 'yaml'],
    ['app/server.js', 'javascript'],
    ['index.mjs', 'javascript'],
    ['app/main.py', 'python'],
    ['run.sh', 'shell'],
    ['.bashrc', 'shell'],
    ['README.md', 'plaintext'],
    ['requirements.txt', 'plaintext'],
    ['.dockerignore', 'plaintext'],
    ['Makefile', 'plaintext'],
  ]
  for (const [path, language] of cases) {
    it(`reads ${path} as ${language}`, () => assert.equal(languageFor(path), language))
  }

  it('looks at the file name only, not at the folders above it', () => {
    assert.equal(languageFor('Dockerfile.d/notes.txt'), 'plaintext')
    assert.equal(languageFor('scripts.py/run.sh'), 'shell')
  })
})
