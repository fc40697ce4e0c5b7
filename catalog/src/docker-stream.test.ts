import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { describe, it } from 'node:test'
import { DockerStreamError, followDockerStream } from './docker-stream.ts'

describe('followDockerStream', () => {
  it('reassembles lines and multi-byte characters split across chunks', async () => {
    const text = `${JSON.stringify({ stream: '도커 교실\n' })}\n${JSON.stringify({ status: 'done' })}\n`
    const bytes = Buffer.from(text)
    // Cut inside the first Korean character and inside the second line.
    const chunks = [bytes.subarray(0, 12), bytes.subarray(12, 40), bytes.subarray(40)]
    const seen: string[] = []
    const messages = await followDockerStream(Readable.from(chunks), (message) =>
      seen.push(message.stream ?? message.status ?? ''),
    )
    assert.deepEqual(seen, ['도커 교실\n', 'done'])
    assert.equal(messages.length, 2)
  })

  it('throws the engine error with the output that led to it', async () => {
    const lines = [
      { stream: 'Step 2/3 : RUN false\n' },
      { stream: 'running false\n' },
      {
        errorDetail: { message: "The command '/bin/sh -c false' returned a non-zero code: 1" },
        error: 'x',
      },
      { stream: 'never read\n' },
    ]
    const stream = Readable.from(lines.map((line) => `${JSON.stringify(line)}\n`))
    await assert.rejects(followDockerStream(stream), (error: unknown) => {
      assert.ok(error instanceof DockerStreamError)
      assert.match(error.message, /returned a non-zero code: 1/)
      assert.deepEqual(error.recentOutput, ['Step 2/3 : RUN false', 'running false'])
      return true
    })
  })
})
