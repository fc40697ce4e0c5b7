/**
 * Against the host's real engine: the mirror every learner pulls from (`http://registry:5000`)
 * refuses the registry API's writes from a workstation, yet serves its pulls; the catalog's
 * publisher, which takes the catalog's pushes, is out of a workstation's reach; and a registry
 * container is re-used while current, and replaced with its workstation networks kept otherwise
 * (on a container of the test's own, not the class's mirror).
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { createServer } from 'node:net'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import Dockerode from 'dockerode'
import { followDockerStream } from './docker-stream.ts'
import { isNotFound, type ProgressListener } from './engine.ts'
import { execute, startWorkstation, TEST_ROLE, waitFor, type TestWorkstation } from './engine-testing.ts'
import {
  ensureCatalog,
  LABEL_ROLE,
  REGISTRY_ALIAS,
  REGISTRY_HOST_URL,
  REGISTRY_IMAGE,
  REGISTRY_MIRROR_URL,
  REGISTRY_PUBLISHER_CONTAINER,
  REGISTRY_PUBLISHER_HOST,
  REGISTRY_PUBLISHER_NETWORK,
  REGISTRY_PUBLISHER_URL,
  SANDBOX_NETWORK,
} from './index.ts'
import { ensureRegistryContainer, registryManifestDigest, type RegistryRole } from './registry.ts'

const docker = new Dockerode()
const MANIFEST_V2 = 'application/vnd.docker.distribution.manifest.v2+json'
/** An image every catalog has, small enough to push again in a test. */
const REPOSITORY = 'library/busybox'
const TAG = 'latest'

describe('the read-only mirror and the catalog publisher', () => {
  let workstation: TestWorkstation | undefined

  before(async () => {
    await ensureCatalog({ docker, onProgress: () => {} })
    workstation = await startWorkstation(docker, SANDBOX_NETWORK)
  })

  after(() => workstation?.remove())

  /** The HTTP status curl in the workstation gets for `method url`: "000" when none came back. */
  async function statusFromWorkstation(method: string, url: string, ...curlOptions: string[]): Promise<string> {
    assert.ok(workstation)
    const command = ['curl', '-s', '-m', '5', '-o', '/dev/null', '-w', '%{http_code}', '-X', method]
    const { output } = await execute(docker, workstation.container, [...command, ...curlOptions, url])
    return output.trim()
  }

  it('refuses every write a learner can send to registry:5000 and keeps the image', async () => {
    const digest = await registryManifestDigest(REGISTRY_HOST_URL, REPOSITORY, TAG)
    assert.ok(digest, `the mirror serves ${REPOSITORY}:${TAG}`)
    const manifest = (await (
      await fetch(`${REGISTRY_HOST_URL}/v2/${REPOSITORY}/manifests/${TAG}`, { headers: { Accept: MANIFEST_V2 } })
    ).json()) as { layers: { digest: string }[] }
    const layer = manifest.layers[0]?.digest
    assert.ok(layer)
    const repository = `${REGISTRY_MIRROR_URL}/v2/${REPOSITORY}`

    // A read from the same place answers, so a refusal below is the mirror's, not the network's.
    assert.equal(await statusFromWorkstation('GET', `${repository}/manifests/${TAG}`, '-H', `Accept: ${MANIFEST_V2}`), '200')
    const writes: [string, string, ...string[]][] = [
      ['POST', `${repository}/blobs/uploads/`],
      ['PUT', `${repository}/manifests/${TAG}`, '-H', `Content-Type: ${MANIFEST_V2}`, '--data', JSON.stringify(manifest)],
      ['DELETE', `${repository}/manifests/${digest}`],
      ['DELETE', `${repository}/blobs/${layer}`],
    ]
    for (const [method, url, ...options] of writes) {
      assert.equal(await statusFromWorkstation(method, url, ...options), '405', `${method} ${url}`)
    }
    assert.equal(await registryManifestDigest(REGISTRY_HOST_URL, REPOSITORY, TAG), digest)
  })

  it('serves pulls through the mirror', { timeout: 120_000 }, async () => {
    assert.ok(workstation)
    const inner = new Dockerode({ socketPath: path.join(workstation.socketDirectory, 'docker.sock') })
    await waitFor('the inner engine answers', 20_000, () => inner.info())
    // The workstation's own registry (Docker Hub's stand-in) is empty: only the mirror has busybox.
    const pulled = await execute(docker, workstation.container, ['docker', 'pull', 'busybox'])
    assert.equal(pulled.exitCode, 0, pulled.output)
    const run = await execute(docker, workstation.container, ['docker', 'run', '--rm', 'busybox', 'echo', 'pulled'])
    assert.match(run.output, /^pulled$/m)
  })

  it('keeps the publisher on a network of its own, out of the workstation’s reach', async () => {
    const publisher = await docker.getContainer(REGISTRY_PUBLISHER_CONTAINER).inspect()
    assert.deepEqual(Object.keys(publisher.NetworkSettings.Networks), [REGISTRY_PUBLISHER_NETWORK])
    const network = await docker.getNetwork(REGISTRY_PUBLISHER_NETWORK).inspect()
    assert.deepEqual(Object.keys(network.Containers ?? {}), [publisher.Id])
    const address = publisher.NetworkSettings.Networks[REGISTRY_PUBLISHER_NETWORK]?.IPAddress
    assert.ok(address)

    // The host reaches it there: the workstation's "000" below is the network's doing.
    const fromHost = await fetch(`http://${address}:5000/v2/`)
    assert.equal(fromHost.status, 200)
    assert.equal(await statusFromWorkstation('GET', `http://${address}:5000/v2/`), '000')
    assert.equal(await statusFromWorkstation('GET', `http://${REGISTRY_PUBLISHER_CONTAINER}:5000/v2/`), '000')
  })

  it('takes the catalog’s pushes on the publisher, which the mirror then serves', { timeout: 120_000 }, async () => {
    // An upload the registry accepts (202) and then discards, leaving the storage as it was.
    const upload = await fetch(`${REGISTRY_PUBLISHER_URL}/v2/${REPOSITORY}/blobs/uploads/`, { method: 'POST' })
    assert.equal(upload.status, 202)
    const location = upload.headers.get('location')
    assert.ok(location)
    const cancelled = await fetch(new URL(location, REGISTRY_PUBLISHER_URL), { method: 'DELETE' })
    assert.equal(cancelled.status, 204)

    // The engine's push of a catalog image, as the catalog makes it: the same content again.
    const pushRepository = `${REGISTRY_PUBLISHER_HOST}/${REPOSITORY}`
    await docker.getImage(`busybox:${TAG}`).tag({ repo: pushRepository, tag: TAG })
    await followDockerStream(await docker.getImage(pushRepository).push({ tag: TAG, authconfig: {} }), () => {})
    const pushedDigest = await registryManifestDigest(REGISTRY_PUBLISHER_URL, REPOSITORY, TAG)
    const { RepoDigests } = await docker.getImage(`busybox:${TAG}`).inspect()
    assert.ok(RepoDigests.includes(`${pushRepository}@${pushedDigest}`), 'the engine recorded the push')
    assert.equal(await registryManifestDigest(REGISTRY_HOST_URL, REPOSITORY, TAG), pushedDigest)
  })
})

/** A TCP port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  return port
}

describe('re-using and replacing a registry container', () => {
  const suffix = randomBytes(4).toString('hex')
  const ownNetwork = `docker-classroom-catalog-test-registry-${suffix}`
  /** Stands in for a workstation's network, which the sandbox server joins the mirror to. */
  const workstationNetwork = `docker-classroom-catalog-test-ws-${suffix}`
  const container = `docker-classroom-catalog-test-registry-${suffix}`
  const roleOnPort = (hostPort: number): RegistryRole => ({
    container,
    network: ownNetwork,
    aliases: [REGISTRY_ALIAS],
    hostPort: String(hostPort),
    configFile: 'mirror.yml',
    readOnlyStorage: true,
    keepsWorkstationNetworks: true,
  })
  let imageId = ''
  /** Makes the container current for a role on `hostPort`; the progress steps that took. */
  async function ensureOnPort(hostPort: number): Promise<string[]> {
    const steps: string[] = []
    const onProgress: ProgressListener = ({ step }) => steps.push(step)
    await ensureRegistryContainer({ docker, role: roleOnPort(hostPort), imageId, onProgress })
    return steps
  }

  before(async () => {
    await ensureCatalog({ docker, onProgress: () => {} })
    imageId = (await docker.getImage(REGISTRY_IMAGE).inspect()).Id
    for (const name of [ownNetwork, workstationNetwork]) {
      await docker.createNetwork({ Name: name, Driver: 'bridge', Labels: { [LABEL_ROLE]: TEST_ROLE } })
    }
  })

  after(async () => {
    for (const name of [container, `${container}-next`]) {
      await docker
        .getContainer(name)
        .remove({ force: true })
        .catch(() => {})
    }
    for (const name of [ownNetwork, workstationNetwork]) {
      await docker
        .getNetwork(name)
        .remove()
        .catch(() => {})
    }
  })

  it('re-uses a current container and replaces a changed one on every network it was on', { timeout: 60_000 }, async () => {
    const firstPort = await freePort()
    assert.deepEqual(await ensureOnPort(firstPort), [`registry: create ${container}`, `registry: start ${container}`])
    const first = await docker.getContainer(container).inspect()
    await docker.getNetwork(workstationNetwork).connect({ Container: container, EndpointConfig: { Aliases: [REGISTRY_ALIAS] } })

    assert.deepEqual(await ensureOnPort(firstPort), [])
    assert.equal((await docker.getContainer(container).inspect()).Id, first.Id)

    // Another host port is a setting the container was not made with.
    const secondPort = await freePort()
    assert.deepEqual(await ensureOnPort(secondPort), [`registry: replace ${container}`, `registry: start ${container}`])
    const second = await docker.getContainer(container).inspect()
    assert.notEqual(second.Id, first.Id)
    await assert.rejects(docker.getContainer(first.Id).inspect(), isNotFound)
    await assert.rejects(docker.getContainer(`${container}-next`).inspect(), isNotFound)
    assert.deepEqual(Object.keys(second.NetworkSettings.Networks).sort(), [ownNetwork, workstationNetwork].sort())
    assert.ok(second.NetworkSettings.Networks[workstationNetwork]?.Aliases?.includes(REGISTRY_ALIAS))
    assert.equal(second.State.Running, true)
    const upload = await fetch(`http://127.0.0.1:${secondPort}/v2/${REPOSITORY}/blobs/uploads/`, { method: 'POST' })
    assert.equal(upload.status, 405)
  })

  it('starts or replaces a stopped container whose workstation network was removed meanwhile', { timeout: 60_000 }, async () => {
    const removedNetwork = `docker-classroom-catalog-test-gone-${suffix}`
    /** Leaves the container stopped on a network that no longer exists, as a swept sandbox does. */
    async function stopAndRemoveANetworkOfIt(): Promise<void> {
      await docker.createNetwork({ Name: removedNetwork, Driver: 'bridge', Labels: { [LABEL_ROLE]: TEST_ROLE } })
      await docker.getNetwork(removedNetwork).connect({ Container: container, EndpointConfig: { Aliases: [REGISTRY_ALIAS] } })
      await docker.getContainer(container).stop({ t: 0 })
      // A stopped container has no endpoint, so the engine lets its network go.
      await docker.getNetwork(removedNetwork).remove()
      await assert.rejects(docker.getContainer(container).start(), /not found/)
    }
    async function assertRunningOnExistingNetworks(): Promise<void> {
      const inspected = await docker.getContainer(container).inspect()
      assert.equal(inspected.State.Running, true)
      assert.deepEqual(Object.keys(inspected.NetworkSettings.Networks).sort(), [ownNetwork, workstationNetwork].sort())
    }
    const hostPort = await freePort()
    await ensureOnPort(hostPort)

    await stopAndRemoveANetworkOfIt()
    assert.deepEqual(await ensureOnPort(hostPort), [
      `registry: leave removed network ${removedNetwork}`,
      `registry: start ${container}`,
    ])
    await assertRunningOnExistingNetworks()

    await stopAndRemoveANetworkOfIt()
    const otherPort = await freePort()
    assert.deepEqual(await ensureOnPort(otherPort), [`registry: replace ${container}`, `registry: start ${container}`])
    await assertRunningOnExistingNetworks()
  })
})
