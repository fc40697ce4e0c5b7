/**
 * @module The inventory routes through `app.request()`: an inner engine stand-in answers the Docker
 * API calls (list, inspect, history) the way the engine spells them, and the answers must pair
 * steps with layers and name the images that share one.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type Dockerode from 'dockerode'
import { chainIds } from '../sandbox/engine-inventory.ts'
import { FakeProvider } from '../sandbox/fake/index.ts'
import type { SandboxHandle } from '../sandbox/provider.ts'
import { bearer, createTestApp } from '../testing/test-app.ts'
import { ContainersAnswerSchema, ImagesAnswerSchema } from './inventory.ts'

const BASE = 'sha256:aaaa'
const APP = 'sha256:bbbb'

/** Two images: `debian` (one layer) and `web`, built FROM it with a RUN, an ENV and a COPY. */
const ENGINE_IMAGES = [
  {
    Id: 'sha256:debian',
    RepoTags: ['debian:12'],
    Size: 70_000_000,
    Created: 1_700_000_000,
    layers: [BASE],
    history: [{ Created: 1_700_000_000, CreatedBy: '/bin/sh -c #(nop) ADD file:abc in / ', Size: 70_000_000, Comment: '' }],
  },
  {
    Id: 'sha256:web',
    RepoTags: ['web:latest', 'web:1'],
    Size: 70_500_000,
    Created: 1_700_000_100,
    layers: [BASE, APP, 'sha256:cccc'],
    // The engine answers newest first.
    history: [
      { Created: 1_700_000_100, CreatedBy: '/bin/sh -c #(nop)  CMD ["python3" "app.py"]', Size: 0, Comment: '' },
      { Created: 1_700_000_090, CreatedBy: 'COPY app.py /app/ # buildkit', Size: 0, Comment: 'buildkit.dockerfile.v0' },
      { Created: 1_700_000_080, CreatedBy: '/bin/sh -c #(nop)  ENV MODE=prod', Size: 0, Comment: '' },
      { Created: 1_700_000_070, CreatedBy: '|1 V=2 /bin/sh -c apt-get install -y python3', Size: 500_000, Comment: '' },
      { Created: 1_700_000_000, CreatedBy: '/bin/sh -c #(nop) ADD file:abc in / ', Size: 70_000_000, Comment: '' },
    ],
  },
]

const ENGINE_CONTAINERS = [
  { Id: 'c1', Names: ['/old'], Image: 'debian:12', State: 'exited', Created: 1_700_000_200 },
  { Id: 'c2', Names: ['/web1'], Image: 'web', State: 'paused', Created: 1_700_000_300 },
]

/** The Docker API calls the inventory makes, answered from the lists above. */
const innerEngine = {
  async listImages() {
    return ENGINE_IMAGES.map(({ Id, RepoTags, Size, Created }) => ({ Id, RepoTags, Size, Created }))
  },
  getImage(id: string) {
    const image = ENGINE_IMAGES.find((candidate) => candidate.Id === id)!
    return {
      async inspect() {
        return { Id: id, RootFS: { Type: 'layers', Layers: image.layers } }
      },
      async history() {
        return image.history
      },
    }
  },
  async listContainers({ all }: { all?: boolean } = {}) {
    assert.equal(all, true, 'containers in every state are asked for')
    return ENGINE_CONTAINERS
  },
} as unknown as Dockerode

class InventoryProvider extends FakeProvider {
  readonly engine: Dockerode

  constructor(engine: Dockerode = innerEngine) {
    super()
    this.engine = engine
  }

  override innerDocker(_handle: SandboxHandle): Dockerode {
    return this.engine
  }
}

const notFound = () => Object.assign(new Error('No such image'), { statusCode: 404 })

describe('GET /api/sessions/:id/images and /containers', () => {
  it('Should answer each image with its steps oldest first, their layers, and who shares them', async () => {
    const test = await createTestApp({ provider: new InventoryProvider() })
    const { id, token } = await test.createSession()
    const response = await test.app.request(`/api/sessions/${id}/images`, { headers: bearer(token) })
    assert.equal(response.status, 200)
    const { images } = ImagesAnswerSchema().parse(await response.json())
    assert.deepEqual(
      images.map((image) => image.tags[0]),
      ['web:latest', 'debian:12'],
      'newest first',
    )
    const web = images[0]!
    const layerIds = chainIds([BASE, APP, 'sha256:cccc'])
    assert.equal(web.layerCount, 3)
    assert.equal(web.layersMatched, true)
    assert.deepEqual(
      web.steps.map((step) => [step.instruction, step.layer?.id ?? null, step.layer?.sharedWith ?? null]),
      [
        ['ADD file:abc in /', layerIds[0], ['debian:12']],
        ['RUN apt-get install -y python3', layerIds[1], []],
        ['ENV MODE=prod', null, null],
        ['COPY app.py /app/', layerIds[2], []],
        ['CMD ["python3" "app.py"]', null, null],
      ],
    )
    assert.equal(web.steps[0]!.created, '2023-11-14T22:13:20.000Z')
    assert.deepEqual(images[1]!.steps[0]!.layer?.sharedWith, ['web:latest'])
  })

  it('Should answer the containers in every state, newest first', async () => {
    const test = await createTestApp({ provider: new InventoryProvider() })
    const { id, token } = await test.createSession()
    const response = await test.app.request(`/api/sessions/${id}/containers`, { headers: bearer(token) })
    assert.equal(response.status, 200)
    const { containers } = ContainersAnswerSchema().parse(await response.json())
    assert.deepEqual(
      containers.map(({ name, state }) => `${name}:${state}`),
      ['web1:paused', 'old:exited'],
    )
  })

  it('Should refuse without the token (401), for another session (401) and for a stopped workstation (409)', async () => {
    const test = await createTestApp({ provider: new InventoryProvider() })
    const { id, token } = await test.createSession()
    const other = await test.createSession()
    for (const path of ['images', 'containers']) {
      assert.equal((await test.app.request(`/api/sessions/${id}/${path}`)).status, 401)
      assert.equal((await test.app.request(`/api/sessions/${id}/${path}`, { headers: bearer(other.token) })).status, 401)
    }
    test.provider.sandboxes.get(id)!.running = false
    const stopped = await test.app.request(`/api/sessions/${id}/images`, { headers: bearer(token) })
    assert.equal(stopped.status, 409)
  })

  it('Should leave out an image removed between the list and its reads', async () => {
    const vanishing = {
      ...innerEngine,
      getImage(id: string) {
        if (id !== 'sha256:debian') return innerEngine.getImage(id)
        return { inspect: () => Promise.reject(notFound()), history: () => Promise.reject(notFound()) }
      },
    } as unknown as Dockerode
    const test = await createTestApp({ provider: new InventoryProvider(vanishing) })
    const { id, token } = await test.createSession()
    const response = await test.app.request(`/api/sessions/${id}/images`, { headers: bearer(token) })
    assert.equal(response.status, 200)
    const { images } = ImagesAnswerSchema().parse(await response.json())
    assert.deepEqual(images.map((image) => image.id), ['sha256:web'])
    assert.deepEqual(images[0]!.steps[0]!.layer?.sharedWith, [], 'a removed image shares nothing')
  })

  it('Should answer 503 engine_unavailable when the inner engine fails', async () => {
    const failing = {
      listImages: () => Promise.reject(new Error('connect ENOENT docker.sock')),
      listContainers: () => Promise.reject(new Error('connect ENOENT docker.sock')),
    } as unknown as Dockerode
    const test = await createTestApp({ provider: new InventoryProvider(failing) })
    const { id, token } = await test.createSession()
    for (const path of ['images', 'containers']) {
      const response = await test.app.request(`/api/sessions/${id}/${path}`, { headers: bearer(token) })
      assert.equal(response.status, 503)
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'engine_unavailable')
    }
  })
})
