import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Readable } from 'node:stream'
import type Dockerode from 'dockerode'
import { buildSteps, imageSize, onlyTopLayerChanged, pathExistsInImage, readFileInImage, sharedLayerCount, stepBetween } from './image-contents.ts'
import { engineWithImage } from './real-engine.ts'

const notFound = () => Object.assign(new Error('not found'), { statusCode: 404 })

/** A one-file tar: `name` holding `text`. */
function tarOf(name: string, text: string): Buffer {
  const body = Buffer.from(text)
  const header = Buffer.alloc(512)
  header.write(name, 0, 'latin1')
  header.write(body.length.toString(8).padStart(11, '0') + '\0', 124, 'latin1')
  header.write('0', 156, 'latin1')
  return Buffer.concat([header, body, Buffer.alloc((512 - (body.length % 512)) % 512), Buffer.alloc(1024)])
}

interface FakeImage {
  layers: string[]
  files?: Record<string, string>
  size?: number
  steps?: string[]
}

/** A fake engine holding images; it records the probe containers it creates and removes. */
function engine(images: Record<string, FakeImage>) {
  const created: string[] = []
  const removed: string[] = []
  const docker = {
    getImage: (reference: string) => ({
      inspect: async () => {
        const image = images[reference]
        if (!image) throw notFound()
        return { Id: `sha256:${reference}`, RootFS: { Layers: image.layers }, Size: image.size ?? 0 }
      },
      history: async () => {
        const image = images[reference]
        if (!image) throw notFound()
        return [...(image.steps ?? [])].reverse().map((CreatedBy) => ({ CreatedBy }))
      },
    }),
    createContainer: async (options: { Image: string; Labels: Record<string, string> }) => {
      const image = images[options.Image]
      if (!image) throw notFound()
      const id = `probe-${created.length}`
      created.push(id)
      const files = image.files ?? {}
      return {
        id,
        infoArchive: async ({ path }: { path: string }) => {
          if (!(path in files)) throw notFound()
          return Readable.from([])
        },
        getArchive: async ({ path }: { path: string }) => {
          const text = files[path]
          if (text === undefined) throw notFound()
          return Readable.from([tarOf(path.split('/').at(-1)!, text)])
        },
        remove: async () => {
          removed.push(id)
        },
      }
    },
  } as unknown as Dockerode
  return { docker, created, removed }
}

describe('image-contents helpers', () => {
  it('look for a path in an image through a probe container they always remove', async () => {
    const { docker, created, removed } = engine({ 'shop:1': { layers: ['a'], files: { '/app/server.js': 'listen()' } } })
    assert.equal(await pathExistsInImage(docker, 'shop:1', '/app/server.js'), true)
    assert.equal(await pathExistsInImage(docker, 'shop:1', '/app/.env'), false)
    assert.equal(await pathExistsInImage(docker, 'missing:1', '/app'), null)
    assert.equal(await readFileInImage(docker, 'shop:1', '/app/server.js'), 'listen()')
    assert.equal(await readFileInImage(docker, 'shop:1', '/app/.env'), null)
    assert.equal(await readFileInImage(docker, 'missing:1', '/app/server.js'), null)
    assert.equal(created.length, 4)
    assert.deepEqual(removed, created)
  })

  it('count shared bottom layers and tell a rebuild that changed only its top layer', async () => {
    const { docker } = engine({
      'v1': { layers: ['base', 'deps', 'src1'] },
      'v2': { layers: ['base', 'deps', 'src2'] },
      'v3': { layers: ['base', 'deps2', 'src3'] },
      'v4': { layers: ['base', 'deps', 'src1', 'extra'] },
    })
    assert.equal(await sharedLayerCount(docker, 'v1', 'v2'), 2)
    assert.equal(await sharedLayerCount(docker, 'v1', 'missing'), 0)
    assert.equal(await onlyTopLayerChanged(docker, 'v1', 'v2'), true)
    assert.equal(await onlyTopLayerChanged(docker, 'v1', 'v3'), false)
    assert.equal(await onlyTopLayerChanged(docker, 'v1', 'v4'), false)
    assert.equal(await onlyTopLayerChanged(docker, 'v1', 'v1'), false)
    assert.equal(await onlyTopLayerChanged(docker, 'v1', 'missing'), false)
  })

  it('read the size and the build steps oldest first', async () => {
    const { docker } = engine({ 'shop:1': { layers: ['a'], size: 1234, steps: ['FROM', 'COPY package.json', 'RUN npm ci'] } })
    assert.equal(await imageSize(docker, 'shop:1'), 1234)
    assert.equal(await imageSize(docker, 'missing'), null)
    assert.deepEqual(await buildSteps(docker, 'shop:1'), ['FROM', 'COPY package.json', 'RUN npm ci'])
    assert.equal(await buildSteps(docker, 'missing'), null)
  })

  it('find a step between two others', () => {
    const copy = /COPY/
    const install = /npm ci/
    const good = ['/bin/sh -c #(nop) WORKDIR /app', '#(nop) COPY multi:1 in ./', '/bin/sh -c npm ci', '#(nop) COPY dir:2 in .']
    const bad = ['/bin/sh -c #(nop) WORKDIR /app', '#(nop) COPY dir:2 in .', '/bin/sh -c npm ci']
    assert.equal(stepBetween(good, copy, install, copy), true)
    assert.equal(stepBetween(bad, copy, install, copy), false)
    assert.equal(stepBetween(['/bin/sh -c npm ci', '#(nop) COPY dir:2 in .'], copy, install, copy), false)
  })
})

describe('image-contents helpers on the real engine', async () => {
  const docker = await engineWithImage('busybox')
  it('see inside busybox without leaving a container behind', { skip: docker ? false : 'no engine with busybox' }, async () => {
    const engineWithBusybox = docker!
    const probes = () =>
      engineWithBusybox.listContainers({ all: true, filters: { label: ['docker-classroom.check-probe'], ancestor: ['busybox'] } })
    const before = (await probes()).length
    assert.equal(await pathExistsInImage(engineWithBusybox, 'busybox', '/bin/sh'), true)
    assert.equal(await pathExistsInImage(engineWithBusybox, 'busybox', '/no/such/file'), false)
    assert.match((await readFileInImage(engineWithBusybox, 'busybox', '/etc/passwd')) ?? '', /^root:/m)
    assert.equal(await pathExistsInImage(engineWithBusybox, 'no-such-image-anywhere:0', '/'), null)
    assert.equal((await probes()).length, before)
  })
})
