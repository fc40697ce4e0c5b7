/** @module `GET /api/openapi.json`: complete, and true to the answers the routes give. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CheckResultSchema } from '@docker-classroom/lessons'
import {
  CreatedSessionSchema,
  ErrorBodySchema,
  HealthSchema,
  IssuedTicketSchema,
  openApiPath,
  SessionInfoSchema,
} from '../openapi.ts'
import { SESSION_ID_PATTERN } from '../sessions/credentials.ts'
import { bearer, createTestApp } from '../testing/test-app.ts'

/** Registered routes that are not operations: middleware on every path (and the instructor's), and the static site. */
const NOT_OPERATIONS = new Set(['ALL /api/*', 'ALL /api/classes/*', 'ALL /*', 'GET /*'])

interface OpenApiDocument {
  openapi: string
  paths: Record<string, Record<string, { parameters: { name: string; in: string; schema: { pattern?: string } }[] }>>
}

async function documentOf(app: { request: (path: string) => Response | Promise<Response> }): Promise<OpenApiDocument> {
  const response = await app.request('/api/openapi.json')
  assert.equal(response.status, 200)
  return (await response.json()) as OpenApiDocument
}

describe('GET /api/openapi.json', () => {
  it('Should list every registered route with its method', async () => {
    const { app } = await createTestApp()
    const document = await documentOf(app)
    assert.equal(document.openapi, '3.1.0')
    const missing = app.routes
      .filter(({ method, path }) => !NOT_OPERATIONS.has(`${method} ${path}`))
      .filter(({ method, path }) => {
        const operations = document.paths[openApiPath(path)]
        // Hono's ALL (the preview proxy) is documented under one method.
        return !operations || (method !== 'ALL' && !operations[method.toLowerCase()])
      })
      .map(({ method, path }) => `${method} ${path}`)
    assert.deepEqual([...new Set(missing)], [])
  })

  it('Should take params from the schemas the routes validate with', async () => {
    const { app } = await createTestApp()
    const document = await documentOf(app)
    const parameters = document.paths['/api/sessions/{id}/terminal']?.get?.parameters ?? []
    assert.equal(parameters.find((parameter) => parameter.name === 'id')?.schema.pattern, SESSION_ID_PATTERN.source)
    assert.deepEqual(
      parameters.map(({ name, in: location }) => `${location}:${name}`),
      ['path:id', 'query:ticket'],
    )
  })

  it('Should describe the answers the routes really give', async () => {
    const { app } = await createTestApp()
    const created = await app.request('/api/sessions', { method: 'POST' })
    const { id, token } = CreatedSessionSchema().parse(await created.json())
    const auth = { headers: bearer(token) }
    SessionInfoSchema().parse(await (await app.request(`/api/sessions/${id}`, auth)).json())
    IssuedTicketSchema().parse(await (await app.request(`/api/sessions/${id}/tickets`, { method: 'POST', ...auth })).json())
    const check = await app.request(`/api/sessions/${id}/checks/first-container/run-nginx`, { method: 'POST', ...auth })
    CheckResultSchema().parse(await check.json())
    HealthSchema().parse(await (await app.request('/healthz')).json())
    ErrorBodySchema().parse(await (await app.request(`/api/sessions/${id}`)).json())
  })
})
