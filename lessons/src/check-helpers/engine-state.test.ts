import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Readable } from 'node:stream'
import type Dockerode from 'dockerode'
import { demuxDockerStream, firstFileInTar, parseEnv, startsWithLayers, wasRenamedFrom, type EngineEvent } from './engine-state.ts'

function tarEntry(name: string, type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(512)
  header.write(name, 0, 'latin1')
  header.write(body.length.toString(8).padStart(11, '0') + '\0', 124, 'latin1')
  header.write(type, 156, 'latin1')
  return Buffer.concat([header, body, Buffer.alloc((512 - (body.length % 512)) % 512)])
}

describe('engine-state helpers', () => {
  it('parses Config.Env lines, keeping "=" inside values', () => {
    assert.deepEqual(parseEnv(['A=1', 'B=x=y', 'EMPTY=', 'BARE']), { A: '1', B: 'x=y', EMPTY: '', BARE: '' })
  })

  it('joins the payloads of a multiplexed stream and leaves raw output alone', () => {
    const frame = (stream: number, text: string) => {
      const body = Buffer.from(text)
      const header = Buffer.alloc(8)
      header[0] = stream
      header.writeUInt32BE(body.length, 4)
      return Buffer.concat([header, body])
    }
    assert.equal(demuxDockerStream(Buffer.concat([frame(1, 'out\n'), frame(2, '오류\n')])).toString(), 'out\n오류\n')
    assert.equal(demuxDockerStream(Buffer.from('plain tty output')).toString(), 'plain tty output')
  })

  it('reads the first regular file of a tar, skipping extended headers, and refuses directories', () => {
    const end = Buffer.alloc(1024)
    const file = tarEntry('hello.html', '0', Buffer.from('<h1>안녕하세요</h1>'))
    const pax = tarEntry('PaxHeaders/hello.html', 'x', Buffer.from('20 mtime=1.5\n'))
    assert.equal(firstFileInTar(Buffer.concat([file, end]))?.toString(), '<h1>안녕하세요</h1>')
    assert.equal(firstFileInTar(Buffer.concat([pax, file, end]))?.toString(), '<h1>안녕하세요</h1>')
    assert.equal(firstFileInTar(Buffer.concat([tarEntry('html/', '5', Buffer.alloc(0)), file, end])), null)
    assert.equal(firstFileInTar(end), null)
  })

  it('tells whether an image is built on top of another one', () => {
    assert.equal(startsWithLayers(['a', 'b', 'c'], ['a', 'b']), true)
    assert.equal(startsWithLayers(['a', 'x'], ['a', 'b']), false)
    assert.equal(startsWithLayers(['a'], ['a', 'b']), false)
    assert.equal(startsWithLayers(['a'], []), false)
  })

  describe('wasRenamedFrom', () => {
    /** An engine holding one container, "homepage", whose event log holds `events`. */
    const engine = (events: Array<Pick<EngineEvent, 'Action'> & { oldName?: string }>): Dockerode =>
      ({
        listContainers: async () => [{ Id: 'c1' }],
        getContainer: () => ({ inspect: async () => ({ Id: 'c1' }) }),
        getEvents: async () =>
          Readable.from(
            events.map(({ Action, oldName }) =>
              JSON.stringify({ Type: 'container', Action, time: 1, Actor: { ID: 'c1', Attributes: oldName ? { oldName: `/${oldName}` } : {} } }) + '\n',
            ),
          ),
      }) as unknown as Dockerode

    it('passes a container renamed from the old name', async () => {
      assert.equal(await wasRenamedFrom(engine([{ Action: 'create' }, { Action: 'rename', oldName: 'draft' }]), 'homepage', 'draft'), true)
    })

    it('fails a container created under its new name while the log reaches its creation', async () => {
      assert.equal(await wasRenamedFrom(engine([{ Action: 'create' }]), 'homepage', 'draft'), false)
      assert.equal(await wasRenamedFrom(engine([{ Action: 'create' }, { Action: 'rename', oldName: 'other' }]), 'homepage', 'draft'), false)
    })

    it('gives the benefit of the doubt once the bounded log no longer reaches the creation', async () => {
      assert.equal(await wasRenamedFrom(engine([]), 'homepage', 'draft'), true)
    })
  })
})
