import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type Dockerode from 'dockerode'
import type { CheckContext } from '../checks.ts'
import { builtOnAny, httpBodyInWorkstation, imageConfig } from './images.ts'

/** A fake engine holding images by reference; any other reference answers 404. */
function engine(images: Record<string, { layers: string[]; config?: object }>): Dockerode {
  return {
    getImage: (reference: string) => ({
      inspect: async () => {
        const image = images[reference]
        if (!image) throw Object.assign(new Error('no such image'), { statusCode: 404 })
        return { Id: `sha256:${reference}`, RootFS: { Layers: image.layers }, Config: image.config ?? {} }
      },
    }),
  } as unknown as Dockerode
}

describe('image helpers', () => {
  const docker = engine({
    'nginx:1.22': { layers: ['a', 'b'] },
    'mine:1': { layers: ['a', 'b', 'c'], config: { Cmd: ['nginx'] } },
    'same:1': { layers: ['a', 'b'] },
  })
  it('tell an image built on any of the bases, with at least the extra layers asked for', async () => {
    assert.equal(await builtOnAny(docker, 'mine:1', ['nginx', 'nginx:1.22'], 1), true)
    assert.equal(await builtOnAny(docker, 'same:1', ['nginx:1.22'], 1), false)
    assert.equal(await builtOnAny(docker, 'same:1', ['nginx:1.22']), true)
    assert.equal(await builtOnAny(docker, 'missing', ['nginx:1.22']), false)
    assert.equal(await builtOnAny(docker, 'mine:1', ['nginx']), false)
  })
  it('read the config, or null for a missing image', async () => {
    assert.deepEqual((await imageConfig(docker, 'mine:1'))?.Cmd, ['nginx'])
    assert.equal(await imageConfig(docker, 'missing'), null)
  })
  it('return the HTTP body only on success', async () => {
    const ctx = (exitCode: number, stdout: string): CheckContext => ({ docker, exec: async () => ({ exitCode, stdout, stderr: '' }) })
    assert.equal(await httpBodyInWorkstation(ctx(0, '<h1>안녕</h1>'), 8085), '<h1>안녕</h1>')
    assert.equal(await httpBodyInWorkstation(ctx(22, ''), 8085), null)
  })
})
