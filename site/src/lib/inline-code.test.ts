import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { splitCode } from './inline-code.ts'

describe('splitCode', () => {
  it('cuts backticked code out of Korean text and keeps the rest as plain text', () => {
    assert.deepEqual(splitCode('작업 환경에서 `uname -r` 을 실행'), [
      { text: '작업 환경에서 ', code: false },
      { text: 'uname -r', code: true },
      { text: ' 을 실행', code: false },
    ])
    assert.deepEqual(splitCode('`a``b`'), [
      { text: 'a', code: true },
      { text: 'b', code: true },
    ])
  })

  it('leaves text without code, and a lone backtick, as one plain part', () => {
    assert.deepEqual(splitCode('코드 없음'), [{ text: '코드 없음', code: false }])
    assert.deepEqual(splitCode('a ` b'), [{ text: 'a ` b', code: false }])
  })
})
