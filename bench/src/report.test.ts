/** @module Unit tests of the report's section of docs/benchmarks.md, which other tools share. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { withSection } from './report.ts'

describe('withSection', () => {
  it('appends a headed, marked section to a page without one', () => {
    const page = withSection('# Benchmarks\n\nOther figures.\n', 'first')
    assert.match(page, /^# Benchmarks\n\nOther figures\.\n\n## Sandbox server/)
    assert.ok(page.endsWith('<!-- sandbox-bench:start -->\nfirst\n<!-- sandbox-bench:end -->\n'))
  })

  it('replaces only what is between the markers', () => {
    const before = withSection('# Benchmarks\n', 'first')
    const page = `${before}\n## Another tool\n\n<!-- other:start -->\nkept\n<!-- other:end -->\n`
    const after = withSection(page, 'second')
    assert.equal(after, page.replace('\nfirst\n', '\nsecond\n'))
  })
})
