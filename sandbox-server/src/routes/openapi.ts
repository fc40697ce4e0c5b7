/** @module `GET /api/openapi.json`: the OpenAPI document of the server (see `openapi.ts`). */
import { Hono } from 'hono'
import { openApiDocument } from '../openapi.ts'

/** The document route, to mount at `/api`. */
export function openApiRoutes(): Hono {
  const document = openApiDocument()
  return new Hono().get('/openapi.json', function serveOpenApi(c) {
    return c.json(document)
  })
}
