/** @module Tests for sizes and image names as the "내 환경" pictures write them. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatBytes, imageName } from './format.ts'

describe('format', () => {
  it('writes sizes in decimal units with three significant digits, as docker does', () => {
    assert.deepEqual([0, 447, 1110, 15_300_000, 74_912_345, 1_234_567_890].map(formatBytes), ['0 B', '447 B', '1.11 kB', '15.3 MB', '74.9 MB', '1.23 GB'])
  })

  it('names an image by its first tag, or as untagged with its short id', () => {
    assert.equal(imageName({ id: 'sha256:abc', tags: ['web:1', 'web:latest'] }), 'web:1')
    assert.equal(imageName({ id: 'sha256:0123456789abcdef', tags: [] }), '이름 없는 이미지 0123456789ab')
  })
})
