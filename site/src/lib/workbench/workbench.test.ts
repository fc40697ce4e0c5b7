/** @module Tests for the workbench's tab keys and the lesson page's text/workbench split. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { clampSplit, parseStoredSplit, SPLIT_DEFAULT, SPLIT_MAX, SPLIT_MIN, splitAfterKey, splitAtPointer } from './split.ts'
import { tabAfterKey } from './tabs.ts'

describe('tabAfterKey', () => {
  it('moves with the arrows and wraps around at both ends', () => {
    assert.equal(tabAfterKey('terminal', 'ArrowRight'), 'editor')
    assert.equal(tabAfterKey('environment', 'ArrowRight'), 'terminal')
    assert.equal(tabAfterKey('terminal', 'ArrowLeft'), 'environment')
    assert.equal(tabAfterKey('preview', 'ArrowLeft'), 'editor')
  })

  it('goes to the first and last tab with Home and End, and ignores other keys', () => {
    assert.equal(tabAfterKey('preview', 'Home'), 'terminal')
    assert.equal(tabAfterKey('editor', 'End'), 'environment')
    assert.equal(tabAfterKey('editor', 'ArrowDown'), null)
    assert.equal(tabAfterKey('editor', 'a'), null)
  })
})

describe('split', () => {
  it('keeps the share between its bounds', () => {
    assert.equal(clampSplit(10), SPLIT_MIN)
    assert.equal(clampSplit(90), SPLIT_MAX)
    assert.equal(clampSplit(40.04), 40)
  })

  it('moves by a step per arrow, to the ends with Home and End, back to the default with Enter', () => {
    assert.equal(splitAfterKey(48, 'ArrowLeft'), 43)
    assert.equal(splitAfterKey(48, 'ArrowRight'), 53)
    assert.equal(splitAfterKey(SPLIT_MIN + 1, 'ArrowLeft'), SPLIT_MIN)
    assert.equal(splitAfterKey(48, 'Home'), SPLIT_MIN)
    assert.equal(splitAfterKey(48, 'End'), SPLIT_MAX)
    assert.equal(splitAfterKey(60, 'Enter'), SPLIT_DEFAULT)
    assert.equal(splitAfterKey(48, 'Tab'), null)
  })

  it('follows the pointer across the row', () => {
    assert.equal(splitAtPointer(600, 100, 1000), 50)
    assert.equal(splitAtPointer(0, 100, 1000), SPLIT_MIN)
  })

  it('reads a remembered share, falling back to the default', () => {
    assert.equal(parseStoredSplit('60'), 60)
    assert.equal(parseStoredSplit('99'), SPLIT_MAX)
    for (const value of [null, '', 'wide', 'NaN']) assert.equal(parseStoredSplit(value), SPLIT_DEFAULT)
  })
})
