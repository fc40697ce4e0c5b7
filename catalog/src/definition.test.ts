import assert from 'node:assert/strict'
import { mkdtemp, mkdir, rm, writeFile, chmod } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { CatalogImage } from './catalog-images.ts'
import { hashDefinition, readDefinitionFiles } from './definition.ts'

const image: CatalogImage = {
  name: 'example',
  repository: 'example',
  tags: ['latest'],
  source: { kind: 'dockerfile' },
  dependsOn: ['debian'],
  publish: 'registry',
}

describe('definition hash', () => {
  let directory = ''
  before(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'catalog-definition-'))
    await mkdir(path.join(directory, 'conf.d'))
    await writeFile(path.join(directory, 'Dockerfile'), 'FROM debian:bookworm\n')
    await writeFile(path.join(directory, 'conf.d', 'default.conf'), 'server {}\n')
    await writeFile(path.join(directory, 'entrypoint'), '#!/bin/sh\n')
    await chmod(path.join(directory, 'entrypoint'), 0o775)
  })
  after(() => rm(directory, { recursive: true, force: true }))

  const hashOf = async (debianHash = 'd1'): Promise<string> =>
    hashDefinition({
      image,
      files: await readDefinitionFiles(directory),
      dependencyHashes: new Map([['debian', debianHash]]),
      builderInputs: [],
    })

  it('lists files sorted, with normalised modes', async () => {
    const files = await readDefinitionFiles(directory)
    assert.deepEqual(
      files.map((file) => [file.relativePath, file.mode.toString(8)]),
      [
        ['Dockerfile', '644'],
        ['conf.d/default.conf', '644'],
        ['entrypoint', '755'],
      ],
    )
  })

  it('is stable, and changes with a file, a mode or the base image', async () => {
    const original = await hashOf()
    assert.equal(await hashOf(), original)
    assert.notEqual(await hashOf('d2'), original)

    await writeFile(path.join(directory, 'conf.d', 'default.conf'), 'server { listen 80; }\n')
    const edited = await hashOf()
    assert.notEqual(edited, original)

    await chmod(path.join(directory, 'conf.d', 'default.conf'), 0o755)
    assert.notEqual(await hashOf(), edited)
  })

  it('refuses an image whose base is not built before it', async () => {
    assert.throws(
      () => hashDefinition({ image, files: [], dependencyHashes: new Map(), builderInputs: [] }),
      /example depends on debian/,
    )
  })
})
