/** @module The check route grading lesson 1 against the fake inner engine. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { bearer, createTestApp, type TestApp } from '../testing/test-app.ts'

interface CheckBody {
  passed: boolean
  conditions: { id: string; passed: boolean; message: string; hint?: string }[]
}

async function check(
  { app }: TestApp,
  id: string,
  token: string,
  path = 'first-container/run-nginx',
): Promise<Response> {
  return app.request(`/api/sessions/${id}/checks/${path}`, { method: 'POST', headers: bearer(token) })
}

describe('POST /api/sessions/:id/checks/:lessonId/:exerciseId', () => {
  it('Should fail with container-exists false on an empty engine', async () => {
    const test = await createTestApp()
    const { id, token } = await test.createSession()
    const response = await check(test, id, token)
    assert.equal(response.status, 200)
    const body = (await response.json()) as CheckBody
    assert.equal(body.passed, false)
    const exists = body.conditions.find((condition) => condition.id === 'container-exists')
    assert.equal(exists?.passed, false)
    assert.match(exists?.hint ?? '', /--name web/)
  })

  it('Should pass when web runs nginx on 8080 and answers', async () => {
    const test = await createTestApp()
    const { id, token } = await test.createSession()
    const sandbox = test.provider.sandboxes.get(id)!
    sandbox.containers.push({ name: 'web', image: 'nginx', running: true, ports: { 80: 8080 } })
    const argvs: (readonly string[])[] = []
    sandbox.exec = (argv) => {
      argvs.push(argv)
      return { exitCode: 0, stdout: '200', stderr: '' }
    }
    const response = await check(test, id, token)
    const body = (await response.json()) as CheckBody
    assert.deepEqual(
      body.conditions.map((condition) => [condition.id, condition.passed]),
      [
        ['container-exists', true],
        ['uses-nginx', true],
        ['running', true],
        ['port-8080', true],
        ['http-answers', true],
      ],
    )
    assert.equal(body.passed, true)
    assert.equal(argvs[0]?.[0], 'curl', 'the HTTP probe ran inside the workstation as an argv')
  })

  it('Should fail only the port condition when web publishes another port', async () => {
    const test = await createTestApp()
    const { id, token } = await test.createSession()
    test.provider.sandboxes.get(id)!.containers.push({ name: 'web', image: 'nginx:latest', running: true, ports: { 80: 9090 } })
    const body = (await (await check(test, id, token)).json()) as CheckBody
    assert.equal(body.passed, false)
    assert.deepEqual(
      body.conditions.filter((condition) => !condition.passed).map((condition) => condition.id),
      ['port-8080', 'http-answers'],
    )
  })

  it('Should answer 404 in Korean for an unknown lesson or exercise', async () => {
    const test = await createTestApp()
    const { id, token } = await test.createSession()
    for (const [path, code] of [
      ['no-such-lesson/run-nginx', 'lesson_not_found'],
      ['first-container/no-such-exercise', 'exercise_not_found'],
    ] as const) {
      const response = await check(test, id, token, path)
      assert.equal(response.status, 404)
      const body = (await response.json()) as { error: { code: string; message: string } }
      assert.equal(body.error.code, code)
      assert.match(body.error.message, /[가-힣]/)
    }
  })

  it('Should answer 400 for params that are not slugs', async () => {
    const test = await createTestApp()
    const { id, token } = await test.createSession()
    const response = await check(test, id, token, 'First_Container/run-nginx')
    assert.equal(response.status, 400)
  })

  it('Should answer 401 without the token and 409 for a stopped workstation', async () => {
    const test = await createTestApp()
    const { id, token } = await test.createSession()
    const unauthorised = await test.app.request(`/api/sessions/${id}/checks/first-container/run-nginx`, { method: 'POST' })
    assert.equal(unauthorised.status, 401)
    test.provider.sandboxes.get(id)!.running = false
    assert.equal((await check(test, id, token)).status, 409)
  })
})
