import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { answerDigest, answerKey, sealExplanation, unsealExplanation } from './answer-seal.ts'

describe('answer seal', () => {
  const right = answerKey('servers-and-virtualization', 'shared-kernel', ['kernel'])
  const wrong = answerKey('servers-and-virtualization', 'shared-kernel', ['bios'])

  it('digests a choice the same whatever order the options were ticked in, and tells choices apart', () => {
    assert.equal(answerDigest(answerKey('l', 'q', ['b', 'a'])), answerDigest(answerKey('l', 'q', ['a', 'b'])))
    assert.notEqual(answerDigest(right), answerDigest(wrong))
    assert.notEqual(answerDigest(answerKey('l', 'q', ['a'])), answerDigest(answerKey('l', 'q', ['a', 'b'])))
    assert.notEqual(answerDigest(answerKey('l', 'q1', ['a'])), answerDigest(answerKey('l', 'q2', ['a'])))
    assert.match(answerDigest(right), /^[0-9a-f]{16}$/)
  })

  it('opens a sealed Korean explanation with the right answer only, and the sealed text does not contain it', () => {
    const explanation = '컨테이너는 호스트의 `커널`을 함께 씁니다.'
    const sealed = sealExplanation(explanation, right)
    assert.equal(unsealExplanation(sealed, right), explanation)
    assert.notEqual(unsealExplanation(sealed, wrong), explanation)
    assert.ok(!sealed.includes('kernel') && !Buffer.from(sealed, 'base64').toString('utf8').includes('커널'))
  })
})
