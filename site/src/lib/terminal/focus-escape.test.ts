/** @module Tests for leaving the terminal with Escape, Tab. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { FocusEscape } from './focus-escape.ts'

function setup() {
  const sent: string[] = []
  const timers = new Map<number, () => void>()
  let next = 0
  const escape = new FocusEscape({
    sendEscape: () => sent.push('ESC'),
    setTimer: (callback) => (timers.set(++next, callback), next),
    clearTimer: (timer) => void timers.delete(timer as number),
  })
  /** Presses `key`; returns whether xterm may handle it, and records it as sent when so. */
  const press = (key: string, type = 'keydown') => {
    const handled = escape.handle({ type, key, ctrlKey: false, altKey: false, metaKey: false } as KeyboardEvent)
    if (handled && type === 'keydown' && key !== 'Shift') sent.push(key)
    return handled
  }
  const wait = () => {
    for (const [id, callback] of [...timers]) (timers.delete(id), callback())
  }
  return { escape, sent, timers, press, wait }
}

describe('FocusEscape', () => {
  it('lets Tab alone through to the shell', () => {
    const { press, sent } = setup()
    assert.equal(press('Tab'), true)
    assert.deepEqual(sent, ['Tab'])
  })

  it('leaves the terminal on Escape then Tab (or Shift+Tab) and drops the Escape', () => {
    for (const keys of [['Escape', 'Tab'], ['Escape', 'Shift', 'Tab']]) {
      const { press, sent, timers } = setup()
      const results = keys.map((key) => press(key))
      assert.equal(results.at(-1), false, 'Tab is left to the browser')
      assert.deepEqual(sent, [])
      assert.equal(timers.size, 0)
    }
  })

  it('sends a held Escape before any other key, in order', () => {
    const { press, sent } = setup()
    assert.equal(press('Escape'), false)
    assert.equal(press('b'), true)
    assert.deepEqual(sent, ['ESC', 'b'])
  })

  it('sends a lone Escape after the wait, as vi needs', () => {
    const { press, sent, wait } = setup()
    press('Escape')
    assert.deepEqual(sent, [])
    wait()
    assert.deepEqual(sent, ['ESC'])
    assert.equal(press('Tab'), true, 'a later Tab completes again')
  })

  it('ignores key-up events', () => {
    const { press, sent } = setup()
    press('Escape')
    assert.equal(press('Escape', 'keyup'), true)
    assert.equal(press('Tab'), false)
    assert.deepEqual(sent, [])
  })

  it('sends two Escapes pressed in a row', () => {
    const { press, sent, wait } = setup()
    press('Escape')
    press('Escape')
    wait()
    assert.deepEqual(sent, ['ESC', 'ESC'])
  })
})
