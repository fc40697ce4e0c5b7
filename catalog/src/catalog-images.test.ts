import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { CATALOG_IMAGES, imageReference } from './catalog-images.ts'
import { definitionDirectory } from './definition.ts'
import { REGISTRY_IMAGE, WORKSTATION_IMAGE } from './names.ts'
import { registryRepository } from './registry.ts'

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

  it('pushes official-style names under library/ and Docker Hub user names as they are', () => {
    for (const image of CATALOG_IMAGES.filter((entry) => entry.publish === 'registry')) {
      // A registry host or a deeper path would not be a Docker Hub name the mirror is asked for.
      assert.match(
        image.repository,
        /^[a-z0-9-]+(?:\/[a-z0-9-]+)?$/,
        `${image.repository} would not resolve through the mirror`,
      )
    }
    const byName = (name: string) => CATALOG_IMAGES.find((image) => image.name === name)!
    assert.equal(registryRepository(byName('nginx')), 'library/nginx')
    assert.equal(registryRepository(byName('leafy-backend')), 'devwikirepo/leafy-backend')
  })

  it('builds the Leafy app images from the lesson that ships their sources', () => {
    for (const name of ['leafy-postgres', 'leafy-backend', 'leafy-frontend']) {
      const image = CATALOG_IMAGES.find((entry) => entry.name === name)!
      assert.match(definitionDirectory(image), /lessons\/course\/13-three-tier-app\/files\/leafy-/)
      assert.ok(existsSync(path.join(definitionDirectory(image), 'Dockerfile')))
    }
  })
})
