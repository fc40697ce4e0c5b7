/** @module Tests for the editor's default build command. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { defaultBuildCommand, shellWord } from './build-command.ts'

describe('defaultBuildCommand', () => {
  it('builds the lesson folder when no Dockerfile is open', () => {
    assert.equal(defaultBuildCommand('build-cache', null), 'docker build -t build-cache ~/workspace/build-cache')
    assert.equal(defaultBuildCommand('build-cache', 'build-cache/app/main.py'), 'docker build -t build-cache ~/workspace/build-cache')
  })

  it("builds the open Dockerfile's folder", () => {
    assert.equal(defaultBuildCommand('volumes', 'volumes/app/Dockerfile'), 'docker build -t volumes ~/workspace/volumes/app')
  })

  it('names a Dockerfile with another name with -f', () => {
    assert.equal(
      defaultBuildCommand('multi-stage-builds', 'multi-stage-builds/site/Dockerfile.single'),
      'docker build -t multi-stage-builds -f ~/workspace/multi-stage-builds/site/Dockerfile.single ~/workspace/multi-stage-builds/site',
    )
  })

  it('quotes paths that are not plain, so a file name cannot run as a command', () => {
    assert.equal(
      defaultBuildCommand('l', "l/my app/$(rm -rf ~)'.dockerfile"),
      `docker build -t l -f ~/workspace/'l/my app/$(rm -rf ~)'\\''.dockerfile' ~/workspace/'l/my app'`,
    )
  })
})

describe('shellWord', () => {
  it('keeps plain words and single-quotes the rest', () => {
    assert.equal(shellWord('app/Dockerfile.dev'), 'app/Dockerfile.dev')
    assert.equal(shellWord('a b'), "'a b'")
    assert.equal(shellWord("it's"), `'it'\\''s'`)
    assert.equal(shellWord('x;y'), "'x;y'")
  })
})
