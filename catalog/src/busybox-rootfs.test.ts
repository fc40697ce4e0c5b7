import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import tar from 'tar-stream'
import { busyboxApplets, busyboxRootfsTar } from './busybox-rootfs.ts'

const BUSYBOX = '/bin/busybox'

describe('busybox root filesystem', () => {
  it('holds the binary, one symlink per applet and the overlay files', async () => {
    const archive = await busyboxRootfsTar(BUSYBOX, [
      {
        relativePath: 'etc/passwd',
        mode: 0o644,
        content: Buffer.from('root:x:0:0:root:/root:/bin/sh\n'),
      },
    ])
    const extract = tar.extract()
    archive.pipe(extract)
    const entries = new Map<string, { type: string; linkname: string | null; mode: number }>()
    for await (const entry of extract) {
      const { name, type, linkname, mode } = entry.header
      entries.set(name, { type, linkname, mode })
      entry.resume()
    }

    assert.equal(entries.get('bin/busybox')?.type, 'file')
    assert.equal(entries.get('bin/sh')?.linkname, 'busybox')
    assert.equal(entries.get('etc/passwd')?.type, 'file')
    assert.equal(entries.get('tmp')?.mode, 0o1777)
    const links = [...entries.values()].filter((entry) => entry.type === 'symlink')
    assert.equal(links.length, (await busyboxApplets(BUSYBOX)).length)
    assert.ok(links.length > 100)
  })
})
