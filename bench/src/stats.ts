/**
 * @module Summary statistics of timing samples: percentiles by linear interpolation between the
 * closest ranks (numpy's default), so p50 of an even count is the mean of the middle two.
 */

/** What a set of samples (milliseconds, or any unit) comes to. */
export interface Summary {
  count: number
  min: number
  p50: number
  p95: number
  p99: number
  max: number
}

/**
 * The `p`-th percentile (0–100) of `samples`, which need not be sorted.
 * @throws RangeError when there are no samples or `p` is outside 0–100
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new RangeError('no samples')
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is outside 0–100`)
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = (p / 100) * (sorted.length - 1)
  const below = Math.floor(rank)
  const lower = sorted[below]!
  const upper = sorted[Math.min(below + 1, sorted.length - 1)]!
  return lower + (upper - lower) * (rank - below)
}

/** Median of `samples`. */
export function median(samples: readonly number[]): number {
  return percentile(samples, 50)
}

/**
 * Count, extremes and the percentiles the benchmark reports.
 * @throws RangeError when there are no samples
 */
export function summarize(samples: readonly number[]): Summary {
  return {
    count: samples.length,
    min: percentile(samples, 0),
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    max: percentile(samples, 100),
  }
}
