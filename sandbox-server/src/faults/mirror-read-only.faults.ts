/**
 * @module Fault test (`npm run test:faults`): a learner tries to replace a catalog image for the whole
 * class by writing to the mirror every inner engine pulls from. From a workstation on its own network
 * (egress off), as the server makes it: `registry:5000` answers every registry API write with 405 and
 * still serves the pull; the catalog's writable publisher is not reachable at all. Skipped without
 * the workstation image.
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import Dockerode from 'dockerode'
import { REGISTRY_MIRROR_URL, REGISTRY_PUBLISHER_CONTAINER, REGISTRY_PUBLISHER_NETWORK } from '@docker-classroom/catalog'
import { silentLogger } from '../logger.ts'
import { createDockerProvider, type DockerProvider } from '../sandbox/docker/index.ts'
import type { SandboxHandle } from '../sandbox/provider.ts'
import { newSessionId } from '../sessions/credentials.ts'
import { readSettings } from '../settings.ts'
import { workstationReaches } from '../testing/network-probes.ts'
import { removeSocketRootLeftovers } from '../testing/real-engine.ts'
import { skipWithoutWorkstation } from '../testing/workstation-image.ts'

const hostDocker = new Dockerode()
const skip = await skipWithoutWorkstation(hostDocker)
const NGINX = `${REGISTRY_MIRROR_URL}/v2/library/nginx`

describe('The mirror is read-only to learners', { skip }, () => {
  let socketRoot = ''
  let provider: DockerProvider
  let learner: SandboxHandle

  before(async () => {
    socketRoot = await mkdtemp(path.join(tmpdir(), 'classroom-mirror-'))
    const env = { ...process.env, SOCKET_ROOT: socketRoot, SANDBOX_EGRESS: 'off', EXEC_TIMEOUT_MS: '120000' }
    provider = await createDockerProvider({ settings: readSettings(env), logger: silentLogger })
    learner = await provider.create(newSessionId())
  })

  after(async () => {
    if (learner) await provider.destroy(learner)
    await removeSocketRootLeftovers(hostDocker, socketRoot)
    await rm(socketRoot, { recursive: true, force: true })
  })

  /** The HTTP status curl in the learner's shell gets ("000": no answer at all). */
  async function status(method: string, url: string, ...curlOptions: string[]): Promise<string> {
    const result = await provider.exec(learner, ['curl', '-s', '-m', '5', '-o', '/dev/null', '-w', '%{http_code}', '-X', method, ...curlOptions, url])
    return result.stdout.trim()
  }

  it('Should answer 405 to an upload, a manifest PUT and a DELETE, and 200 to a read', async (t) => {
    const manifest = await provider.exec(learner, ['curl', '-fsS', '-H', 'Accept: application/vnd.docker.distribution.manifest.v2+json', '-D', '/dev/stderr', `${NGINX}/manifests/latest`])
    assert.equal(manifest.exitCode, 0, manifest.stderr)
    const digest = /docker-content-digest: (sha256:[0-9a-f]{64})/i.exec(manifest.stderr)?.[1]
    assert.ok(digest, manifest.stderr)
    const writes: [string, string, ...string[]][] = [
      ['POST', `${NGINX}/blobs/uploads/`],
      ['PUT', `${NGINX}/manifests/latest`, '-H', 'Content-Type: application/vnd.docker.distribution.manifest.v2+json', '--data', manifest.stdout],
      ['DELETE', `${NGINX}/manifests/${digest}`],
    ]
    for (const [method, url, ...options] of writes) {
      const answer = await status(method, url, ...options)
      t.diagnostic(`${method} ${url}: ${answer}`)
      assert.equal(answer, '405', `${method} ${url}`)
    }
  })

  it('Should still pull and run a catalog image through the mirror', async () => {
    const run = await provider.exec(learner, ['docker', 'run', '--rm', 'nginx', 'nginx', '-v'])
    assert.equal(run.exitCode, 0, run.stderr)
    assert.match(run.stderr, /nginx version/)
  })

  it('Should not reach the catalog’s writable publisher, by name or address', async (t) => {
    const publisher = await hostDocker.getContainer(REGISTRY_PUBLISHER_CONTAINER).inspect()
    const address = publisher.NetworkSettings.Networks[REGISTRY_PUBLISHER_NETWORK]?.IPAddress
    assert.ok(address, `${REGISTRY_PUBLISHER_CONTAINER} is on ${REGISTRY_PUBLISHER_NETWORK}`)
    // Control: it answers there from the host.
    assert.equal((await fetch(`http://${address}:5000/v2/`)).status, 200)
    for (const url of [`http://${address}:5000/v2/`, `http://${REGISTRY_PUBLISHER_CONTAINER}:5000/v2/`]) {
      const outcome = await workstationReaches(provider, learner, url)
      t.diagnostic(`${url}: ${outcome.detail}`)
      assert.equal(outcome.reached, false, url)
    }
  })
})
