import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type Dockerode from 'dockerode'
import { runConditions, type CheckContext, type ConditionSpec } from './checks.ts'

const ctx: CheckContext = {
  docker: {} as Dockerode,
  exec: async () => ({ exitCode: 0, stdout: '', stderr: '' }),
}

const condition = (id: string, test: ConditionSpec['test']): ConditionSpec => ({
  id,
  passMessage: `${id} 통과`,
  failMessage: `${id} 실패`,
  hint: `${id} 힌트`,
  test,
})

describe('runConditions', () => {
  it('passes only when every condition passes, with the pass messages and no hints', async () => {
    const result = await runConditions([condition('a', async () => true), condition('b', async () => true)], ctx)
    assert.deepEqual(result, {
      passed: true,
      conditions: [
        { id: 'a', passed: true, message: 'a 통과' },
        { id: 'b', passed: true, message: 'b 통과' },
      ],
    })
  })

  it('gives the failure message and hint of each failing condition', async () => {
    const result = await runConditions([condition('a', async () => true), condition('b', async () => false)], ctx)
    assert.equal(result.passed, false)
    assert.deepEqual(result.conditions[1], { id: 'b', passed: false, message: 'b 실패', hint: 'b 힌트' })
  })

  it('turns a throwing condition into a failure and reports the error', async () => {
    const errors: string[] = []
    const result = await runConditions(
      [condition('boom', async () => { throw new Error('engine gone') })],
      ctx,
      (id) => errors.push(id),
    )
    assert.equal(result.passed, false)
    assert.match(result.conditions[0]!.message, /오류/)
    assert.deepEqual(errors, ['boom'])
  })
})
