/** @module Reading Dockerfile steps out of the engine's history, and pairing them with layers. */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, it } from 'node:test'
import { chainIds, instructionOf, pairLayers } from './engine-inventory.ts'

describe('instructionOf', () => {
  it('Should give the instruction as written, from the classic builder and from BuildKit', () => {
    assert.equal(instructionOf('/bin/sh -c #(nop)  CMD ["nginx" "-g" "daemon off;"]'), 'CMD ["nginx" "-g" "daemon off;"]')
    assert.equal(instructionOf('/bin/sh -c #(nop) COPY file:abc in /etc/nginx.conf '), 'COPY file:abc in /etc/nginx.conf')
    assert.equal(instructionOf('/bin/sh -c apt-get update'), 'RUN apt-get update')
    assert.equal(instructionOf('|2 A=1 B=2 /bin/sh -c make'), 'RUN make')
    assert.equal(instructionOf('RUN /bin/sh -c pip install flask # buildkit'), 'RUN pip install flask')
    assert.equal(instructionOf('WORKDIR /app'), 'WORKDIR /app')
    assert.equal(instructionOf(''), '')
  })
})

describe('pairLayers', () => {
  it('Should count undecided steps as layers, oldest first, only as far as the layer count needs', () => {
    assert.deepEqual(pairLayers(['layer', 'undecided', 'metadata', 'undecided'], 2), [true, true, false, false])
    assert.deepEqual(pairLayers(['layer', 'undecided', 'metadata'], 1), [true, false, false])
  })

  it('Should give up when no choice adds up', () => {
    assert.equal(pairLayers(['layer', 'layer'], 1), null)
    assert.equal(pairLayers(['layer', 'metadata'], 2), null)
  })
})

describe('chainIds', () => {
  it('Should hash each layer with its parent, as the OCI image spec says', () => {
    const expected = `sha256:${createHash('sha256').update('sha256:a sha256:b').digest('hex')}`
    assert.deepEqual(chainIds(['sha256:a', 'sha256:b']), ['sha256:a', expected])
  })
})
