/**
 * @module `GET /metrics`: the server's Prometheus metrics in the text exposition format. Like
 * `/healthz` it is for operators; a public deployment keeps it off the internet at its proxy.
 */
import { Hono } from 'hono'
import type { Registry } from 'prom-client'

/** The metrics route, to mount at `/metrics`. */
export function metricsRoutes({ registry }: { registry: Registry }): Hono {
  return new Hono().get('/', async function scrape(c) {
    return c.body(await registry.metrics(), 200, { 'Content-Type': registry.contentType })
  })
}
