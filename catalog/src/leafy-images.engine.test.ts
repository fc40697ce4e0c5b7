/**
 * Against the host's real engine: the course's Leafy app (lessons 14 and 15) as the notes run it —
 * database, backend told the database's name with DB_URL, nginx frontend passing /api/ to `leafy`,
 * all on one user network — answers with the first data, and a backend pointed at a name nobody
 * has answers 503 with the reason.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import Dockerode from 'dockerode'
import { execute, TEST_ROLE, waitFor } from './engine-testing.ts'
import { LABEL_ROLE } from './names.ts'

const docker = new Dockerode()
const LEAFY_IMAGES = ['devwikirepo/leafy-postgres:1.0.0', 'devwikirepo/leafy-backend:1.0.0', 'devwikirepo/leafy-frontend:1.0.0']
const missing = (
  await Promise.all(LEAFY_IMAGES.map(async (image) => ((await docker.getImage(image).inspect().catch(() => null)) ? null : image)))
).filter((image) => image !== null)

const testName = (what: string): string => `docker-classroom-catalog-test-leafy-${what}-${process.pid}`
const NETWORK = testName('network')

/** The Python one-liner the backend container runs to ask a URL: status and body. */
const fetchScript = (url: string): string[] => [
  'python',
  '-c',
  `import urllib.request, urllib.error
try:
    answer = urllib.request.urlopen(${JSON.stringify(url)}, timeout=5)
    print(answer.status, answer.read().decode())
except urllib.error.HTTPError as error:
    print(error.code, error.read().decode())`,
]

describe('the Leafy app images', { timeout: 180_000, skip: missing.length > 0 ? `not built: ${missing.join(', ')} (node catalog/src/cli.ts)` : false }, () => {
  const containers: Dockerode.Container[] = []

  /** Starts `image` on the test network, reachable there as `alias` (the name the notes give it). */
  async function start(image: string, alias: string, env: string[] = []): Promise<Dockerode.Container> {
    const container = await docker.createContainer({
      name: testName(alias),
      Image: image,
      Env: env,
      Labels: { [LABEL_ROLE]: TEST_ROLE },
      HostConfig: { NetworkMode: NETWORK },
      NetworkingConfig: { EndpointsConfig: { [NETWORK]: { Aliases: [alias] } } },
    })
    containers.push(container)
    await container.start()
    return container
  }

  let backend: Dockerode.Container

  before(async () => {
    await docker.createNetwork({ Name: NETWORK, Labels: { [LABEL_ROLE]: TEST_ROLE } })
    await start('devwikirepo/leafy-postgres:1.0.0', 'leafy-postgres')
    backend = await start('devwikirepo/leafy-backend:1.0.0', 'leafy', ['DB_URL=leafy-postgres'])
    await start('devwikirepo/leafy-frontend:1.0.0', 'leafy-front')
  })

  after(async () => {
    for (const container of containers) await container.remove({ force: true, v: true }).catch(() => {})
    await docker.getNetwork(NETWORK).remove().catch(() => {})
  })

  it('answers the first data through the frontend, which finds the backend by name', async () => {
    const { output } = await waitFor('the frontend answers the users from the database', 60_000, async () => {
      const answer = await execute(docker, backend, fetchScript('http://leafy-front/api/v1/users'))
      assert.match(answer.output, /^200 /, answer.output)
      return answer
    })
    assert.match(output, /"email": "john123@qmail.com"/)
    assert.match(output, /김지훈/)
    const page = await execute(docker, backend, fetchScript('http://leafy-front/'))
    assert.match(page.output, /^200 [\s\S]*<html lang="ko">/)
  })

  it('says which database it could not reach when DB_URL names nobody', async () => {
    const lost = await start('devwikirepo/leafy-backend:1.0.0', 'leafy-lost', ['DB_URL=leafy-db'])
    const { output } = await waitFor('the misconfigured backend answers', 30_000, async () => {
      const answer = await execute(docker, lost, fetchScript('http://localhost:8080/api/v1/users'))
      assert.match(answer.output, /^503 /, answer.output)
      return answer
    })
    assert.match(output, /leafy-db:5432\/leafy/)
    assert.match(output, /could not translate host name/)
  })

  it('stops at once on docker stop (the backend answers SIGTERM)', async () => {
    const started = Date.now()
    await backend.stop({ t: 10 })
    assert.ok(Date.now() - started < 5000, `docker stop took ${Date.now() - started} ms`)
  })
})
