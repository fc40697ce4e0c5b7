/**
 * @module Per-client token bucket: each client (by default its IP address) holds up to `burst`
 * tokens, refilled at `perMinute`; a request takes one or is refused with 429 and `Retry-After`.
 * Buckets live in memory, so the limit is per server process.
 */
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context, MiddlewareHandler } from 'hono'
import { SandboxError } from '../../errors.ts'
import type { MessageKey } from '../../messages.ts'

/** Buckets kept before full ones are dropped; a full bucket is the same as no bucket. */
const MAX_BUCKETS = 10_000

export interface RateLimitOptions {
  /** Tokens added per minute, on average. */
  perMinute: number
  /** Most tokens a bucket holds: requests allowed in a quick burst. */
  burst: number
  /** Korean message of the 429 answer. */
  message: MessageKey
  /** Who a request counts against; the peer's IP address by default. */
  key?: (c: Context) => string
  /** Clock, in epoch milliseconds; tests move it. */
  now?: () => number
}

interface Bucket {
  tokens: number
  /** When `tokens` was last brought up to date. */
  at: number
}

/**
 * The IP address the request came from. Behind a reverse proxy that is the proxy's, so there the
 * proxy should limit per client itself.
 */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    // `app.request()` in tests has no socket.
    return 'unknown'
  }
}

/**
 * Refuses a client's requests beyond its bucket.
 * @throws SandboxError 429 `rate_limited` with `retryAfterSeconds`
 */
export const rateLimit = ({ perMinute, burst, message, key = clientAddress, now = Date.now }: RateLimitOptions): MiddlewareHandler => {
  const buckets = new Map<string, Bucket>()
  const tokensPerMs = perMinute / 60_000
  const refill = (bucket: Bucket | undefined, at: number): Bucket =>
    bucket ? { tokens: Math.min(burst, bucket.tokens + (at - bucket.at) * tokensPerMs), at } : { tokens: burst, at }

  function forgetFullBuckets(at: number): void {
    for (const [client, bucket] of buckets) if (refill(bucket, at).tokens >= burst) buckets.delete(client)
  }

  return async function rateLimit(c, next) {
    const at = now()
    if (buckets.size >= MAX_BUCKETS) forgetFullBuckets(at)
    const client = key(c)
    const bucket = refill(buckets.get(client), at)
    if (bucket.tokens < 1) {
      buckets.set(client, bucket)
      throw new SandboxError({
        code: 'rate_limited',
        status: 429,
        message,
        logMessage: `rate limit of ${perMinute}/min reached for ${client}`,
        retryAfterSeconds: Math.ceil((1 - bucket.tokens) / tokensPerMs / 1000),
      })
    }
    buckets.set(client, { ...bucket, tokens: bucket.tokens - 1 })
    await next()
  }
}
