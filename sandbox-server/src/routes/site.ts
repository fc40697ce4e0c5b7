/**
 * @module The built course site (Astro's static output), served at `/` from the same origin as
 * the API. Directories answer with their `index.html`; unknown pages with the site's `404.html`.
 * Until the site is built, every page answers a short Korean notice instead; the site is looked for
 * on each request until it is there, so building it needs no restart.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono, type MiddlewareHandler } from 'hono'
import { t } from '../messages.ts'

/** Site routes, to mount at `/` after every API route. */
export function siteRoutes({ siteDir }: { siteDir: string }): Hono {
  const notFoundPage = path.join(siteDir, '404.html')
  // serveStatic joins the request path onto `root` after refusing `..` segments; it is made only
  // once the directory exists because it complains on stderr about a missing root.
  let serveSite: MiddlewareHandler | undefined
  return new Hono()
    .use('*', async function siteFiles(c, next) {
      if (!serveSite) {
        if (!existsSync(siteDir)) return c.text(t('site.notBuilt'), 503)
        serveSite = serveStatic({ root: siteDir })
      }
      return serveSite(c, next)
    })
    .get('*', async function sitePageNotFound(c) {
      const page = await readFile(notFoundPage, 'utf8').catch(() => null)
      return page === null ? c.text(t('site.notFound'), 404) : c.html(page, 404)
    })
}
