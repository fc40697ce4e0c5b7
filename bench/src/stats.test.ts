/** @module Unit tests of the benchmark's statistics helper. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { median, percentile, summarize } from './stats.ts'

describe('percentile', () => {
  it('interpolates between the closest ranks', () => {
    const samples = [40, 10, 30, 20]
    assert.equal(percentile(samples, 0), 10)
    assert.equal(percentile(samples, 100), 40)
    assert.equal(median(samples), 25)
    assert.equal(percentile(samples, 95), 38.5)
  })

  it('gives the one sample for every percentile of a single sample', () => {
    assert.equal(percentile([7], 99), 7)
  })

  it('refuses no samples and percentiles outside 0–100', () => {
    assert.throws(() => percentile([], 50), RangeError)
    assert.throws(() => percentile([1], 101), RangeError)
    assert.throws(() => percentile([1], Number.NaN), RangeError)
  })

  it('leaves its input unsorted', () => {
    const samples = [3, 1, 2]
    percentile(samples, 50)
    assert.deepEqual(samples, [3, 1, 2])
  })
})

describe('summarize', () => {
  it('reports count, extremes and p50/p95/p99 of 1..100', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i)
    const summary = summarize(samples)
    assert.equal(summary.count, 100)
    assert.equal(summary.min, 1)
    assert.equal(summary.max, 100)
    assert.equal(summary.p50, 50.5)
    assert.ok(Math.abs(summary.p95 - 95.05) < 1e-9)
    assert.ok(Math.abs(summary.p99 - 99.01) < 1e-9)
  })
})
