/**
 * @module `GET /healthz`: 200 when the host engine and the catalog registry answer, else 503; the
 * body names each part, so an operator sees which one failed.
 */
import { Hono } from 'hono'
import type { Logger } from '../logger.ts'
import type { SandboxProvider } from '../sandbox/provider.ts'
import type { WarmPoolStatus } from '../sessions/warm-pool.ts'

const REGISTRY_TIMEOUT_MS = 2000

/** Resolves when the registry at `baseUrl` answers its `/v2/` endpoint. */
export async function pingRegistry(baseUrl: string): Promise<void> {
  const response = await fetch(new URL('/v2/', baseUrl), { signal: AbortSignal.timeout(REGISTRY_TIMEOUT_MS) })
  await response.body?.cancel()
  if (!response.ok) throw new Error(`registry answered ${response.status}`)
}

export interface HealthRoutesDeps {
  provider: SandboxProvider
  /** Resolves when the registry answers. */
  pingRegistry: () => Promise<void>
  logger: Logger
  /** The warm pool's state, reported as `pool` (null without a pool); it does not decide health. */
  pool?: () => WarmPoolStatus | null
}

/** The health route, to mount at `/healthz`. */
export function healthRoutes({ provider, pingRegistry, logger, pool = () => null }: HealthRoutesDeps): Hono {
  async function probe(part: string, ping: () => Promise<void>): Promise<'ok' | 'error'> {
    try {
      await ping()
      return 'ok'
    } catch (error) {
      logger.warn('health.failed', { part, error })
      return 'error'
    }
  }
  return new Hono().get('/', async function health(c) {
    const [engine, registry] = await Promise.all([probe('engine', () => provider.ping()), probe('registry', pingRegistry)])
    const ok = engine === 'ok' && registry === 'ok'
    return c.json({ ok, engine, registry, isolation: provider.isolation, pool: pool() }, ok ? 200 : 503)
  })
}
