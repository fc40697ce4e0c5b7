import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Readable } from 'node:stream'
import type Dockerode from 'dockerode'
import type { CheckContext, ExecResult } from '../checks.ts'
import { archiveHoldsImage, archivedImageId, imageArchiveManifest, loadedAfterRemoval } from './image-archives.ts'

const CARD_ID = 'sha256:c0ffee'

/**
 * A fake engine holding greeting-card:1.0 (id c0ffee, with `parent`) whose event log holds
 * `actions` for it, in order.
 */
function engine(actions: string[], images: Record<string, string> = { 'greeting-card:1.0': CARD_ID }, parent = 'sha256:built'): Dockerode {
  return {
    getImage: (reference: string) => ({
      inspect: async () => {
        const id = images[reference]
        if (!id) throw Object.assign(new Error('no such image'), { statusCode: 404 })
        return { Id: id, Parent: parent }
      },
    }),
    getEvents: async () =>
      Readable.from(
        [
          { Type: 'image', Action: 'tag', time: 1, Actor: { ID: 'sha256:other', Attributes: {} } },
          ...actions.map((Action, index) => ({ Type: 'image', Action, time: index + 2, Actor: { ID: CARD_ID, Attributes: {} } })),
        ].map((event) => JSON.stringify(event) + '\n'),
      ),
  } as unknown as Dockerode
}

/** A workstation whose `tar -xOf <archive> manifest.json` answers `answer`; records the argv it was given. */
function workstation(docker: Dockerode, answer: ExecResult) {
  const asked: string[][] = []
  const ctx: CheckContext = {
    docker,
    exec: async (argv) => {
      asked.push([...argv])
      return answer
    },
  }
  return { ctx, asked }
}

const manifest = (config: string, tags: string[] | null) =>
  JSON.stringify([{ Config: config, RepoTags: tags, Layers: ['abc/layer.tar'] }])

describe('image archive helpers', () => {
  it('read the manifest of a saved archive with tar as an argument vector', async () => {
    const { ctx, asked } = workstation(engine([]), { exitCode: 0, stdout: manifest('c0ffee.json', ['greeting-card:1.0']), stderr: '' })
    assert.deepEqual((await imageArchiveManifest(ctx, '/root/workspace/card.tar'))?.[0]?.RepoTags, ['greeting-card:1.0'])
    assert.deepEqual(asked[0], ['tar', '-xOf', '/root/workspace/card.tar', 'manifest.json'])
  })

  it('give null for a missing file or one that is not an image archive', async () => {
    assert.equal(await imageArchiveManifest(workstation(engine([]), { exitCode: 2, stdout: '', stderr: 'No such file' }).ctx, '/x.tar'), null)
    assert.equal(await imageArchiveManifest(workstation(engine([]), { exitCode: 0, stdout: 'not json', stderr: '' }).ctx, '/x.tar'), null)
    assert.equal(await imageArchiveManifest(workstation(engine([]), { exitCode: 0, stdout: '{}', stderr: '' }).ctx, '/x.tar'), null)
  })

  it('name the image id of an entry in both archive layouts', () => {
    assert.equal(archivedImageId({ Config: 'c0ffee.json', RepoTags: null, Layers: [] }), 'c0ffee')
    assert.equal(archivedImageId({ Config: 'blobs/sha256/c0ffee', RepoTags: null, Layers: [] }), 'c0ffee')
  })

  it('pass an archive only when it holds the engine’s current image under that name', async () => {
    const holds = (stdout: string, images?: Record<string, string>) =>
      archiveHoldsImage(workstation(engine([], images), { exitCode: 0, stdout, stderr: '' }).ctx, '/x.tar', 'greeting-card:1.0')
    assert.equal(await holds(manifest('c0ffee.json', ['greeting-card:1.0'])), true)
    assert.equal(await holds(manifest('01d.json', ['greeting-card:1.0'])), false)
    assert.equal(await holds(manifest('c0ffee.json', ['other:1'])), false)
    assert.equal(await holds(manifest('c0ffee.json', null)), false)
    assert.equal(await holds(manifest('c0ffee.json', ['greeting-card:1.0']), {}), false)
  })

  it('tell an image loaded after it was removed from one only built or never removed', async () => {
    assert.equal(await loadedAfterRemoval(engine(['tag', 'untag', 'delete', 'load']), 'greeting-card:1.0'), true)
    assert.equal(await loadedAfterRemoval(engine(['tag', 'untag', 'load']), 'greeting-card:1.0'), true)
    assert.equal(await loadedAfterRemoval(engine(['tag', 'load']), 'greeting-card:1.0'), false)
    assert.equal(await loadedAfterRemoval(engine(['tag', 'load', 'untag']), 'greeting-card:1.0'), false)
    assert.equal(await loadedAfterRemoval(engine(['tag']), 'greeting-card:1.0'), false)
    assert.equal(await loadedAfterRemoval(engine(['untag', 'load'], {}), 'greeting-card:1.0'), false)
  })

  it('fall back on the image’s parent once the event log holds nothing of the image', async () => {
    assert.equal(await loadedAfterRemoval(engine([], undefined, ''), 'greeting-card:1.0'), true)
    assert.equal(await loadedAfterRemoval(engine([], undefined, 'sha256:built'), 'greeting-card:1.0'), false)
    assert.equal(await loadedAfterRemoval(engine(['tag'], undefined, ''), 'greeting-card:1.0'), false)
  })
})
