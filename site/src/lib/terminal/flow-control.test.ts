/** @module Tests for the terminal's write flow control. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { FlowControl } from './flow-control.ts'

/** A terminal that confirms writes only when the test says so. */
function slowTerminal() {
  const written: number[] = []
  const callbacks: Array<() => void> = []
  return {
    written,
    write: (chunk: Uint8Array, done: () => void) => {
      written.push(chunk[0]!)
      callbacks.push(done)
    },
    confirmAll: () => {
      for (const done of callbacks.splice(0)) done()
    },
  }
}

const chunk = (tag: number, size = 10) => new Uint8Array(size).fill(tag)

describe('FlowControl', () => {
  it('writes straight through while below the high watermark', () => {
    const terminal = slowTerminal()
    const flow = new FlowControl({ write: terminal.write, highWatermark: 100, lowWatermark: 20 })
    flow.push(chunk(1))
    flow.push(chunk(2))
    assert.deepEqual(terminal.written, [1, 2])
    assert.equal(flow.pending, 20)
    terminal.confirmAll()
    assert.equal(flow.pending, 0)
  })

  it('holds output above the high watermark and resumes below the low one, in order', () => {
    const terminal = slowTerminal()
    const flow = new FlowControl({ write: terminal.write, highWatermark: 25, lowWatermark: 10 })
    for (const tag of [1, 2, 3, 4, 5]) flow.push(chunk(tag))
    assert.deepEqual(terminal.written, [1, 2, 3])
    assert.equal(flow.backlog, 20)
    terminal.confirmAll()
    assert.deepEqual(terminal.written, [1, 2, 3, 4, 5])
    assert.equal(flow.backlog, 0)
  })

  it('writes a chunk bigger than the high watermark instead of stalling', () => {
    const terminal = slowTerminal()
    const flow = new FlowControl({ write: terminal.write, highWatermark: 25, lowWatermark: 10 })
    flow.push(chunk(1, 100))
    assert.deepEqual(terminal.written, [1])
  })

  it('skips the oldest waiting output past the backlog cap and reports it before resuming', () => {
    const terminal = slowTerminal()
    const skipped: number[] = []
    const flow = new FlowControl({
      write: terminal.write,
      onSkip: (bytes) => skipped.push(bytes),
      highWatermark: 5,
      lowWatermark: 0,
      maxBacklog: 20,
    })
    for (const tag of [1, 2, 3, 4, 5]) flow.push(chunk(tag))
    assert.deepEqual(terminal.written, [1])
    assert.equal(flow.backlog, 20)
    terminal.confirmAll()
    assert.deepEqual(skipped, [20])
    assert.deepEqual(terminal.written, [1, 4])
  })

  it('forgets waiting output on reset', () => {
    const terminal = slowTerminal()
    const flow = new FlowControl({ write: terminal.write, highWatermark: 5, lowWatermark: 0 })
    flow.push(chunk(1))
    flow.push(chunk(2))
    flow.reset()
    terminal.confirmAll()
    assert.deepEqual(terminal.written, [1])
  })
})
