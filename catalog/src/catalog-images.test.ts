import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { CATALOG_IMAGES, imageReference } from './catalog-images.ts'
import { definitionDirectory } from './definition.ts'
import { REGISTRY_IMAGE, WORKSTATION_IMAGE } from './names.ts'

describe('the catalog list', () => {
  it('builds every base before the images that use it', () => {
    const seen = new Set<string>()
    for (const image of CATALOG_IMAGES) {
      for (const dependency of image.dependsOn) {
        assert.ok(seen.has(dependency), `${image.name} needs ${dependency} earlier in the list`)
      }
      seen.add(image.name)
    }
  })

  it('has a definition folder per image, with a Dockerfile where it is built from one', () => {
    for (const image of CATALOG_IMAGES) {
      const directory = definitionDirectory(image)
      assert.ok(existsSync(directory), `missing ${directory}`)
      if (image.source.kind === 'dockerfile') {
        assert.ok(
          existsSync(path.join(directory, 'Dockerfile')),
          `missing Dockerfile for ${image.name}`,
        )
      }
    }
  })

  it('names each image once and provides the workstation and the registry', () => {
    const names = CATALOG_IMAGES.map((image) => image.name)
    assert.equal(new Set(names).size, names.length)
    const references = CATALOG_IMAGES.flatMap((image) =>
      image.tags.map((tag) => imageReference(image, tag)),
    )
    assert.ok(references.includes(WORKSTATION_IMAGE))
    assert.ok(references.includes(REGISTRY_IMAGE))
  })

  it('pushes only official-style names, which the mirror serves under library/', () => {
    for (const image of CATALOG_IMAGES.filter((entry) => entry.publish === 'registry')) {
      assert.doesNotMatch(
        image.repository,
        /\//,
        `${image.repository} would not resolve through the mirror`,
      )
    }
  })
})
