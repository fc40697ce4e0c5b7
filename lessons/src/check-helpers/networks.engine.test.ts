import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import Dockerode from 'dockerode'
import type { CheckContext } from '../checks.ts'
import { containerOnNetwork, networkExists } from './conditions.ts'
import { COMPOSE_PROJECT_LABEL, COMPOSE_SERVICE_LABEL, composeProjectContainers, composeServicesRunning, findNetwork } from './networks.ts'
import { execInContainer } from './volumes.ts'

const docker = new Dockerode()
const busyboxPresent = await docker
  .getImage('busybox')
  .inspect()
  .then(() => true)
  .catch(() => false)

/** Names unique to this run, so that parallel runs and other tests on the host never collide. */
const suffix = randomBytes(4).toString('hex')
const NETWORK = `lessons-net-test-${suffix}`
const SERVER = `lessons-net-server-${suffix}`
const CLIENT = `lessons-net-client-${suffix}`
const PROJECT = `lessons-net-project-${suffix}`

const ctx: CheckContext = { docker, exec: async () => ({ exitCode: 1, stdout: '', stderr: 'unused' }) }

describe('network helpers on the real engine', { skip: busyboxPresent ? false : 'busybox is not built (node catalog/src/cli.ts)' }, () => {
  before(async () => {
    await docker.createNetwork({ Name: NETWORK, Driver: 'bridge' })
    for (const [name, service] of [[SERVER, 'web'], [CLIENT, 'client']] as const) {
      const container = await docker.createContainer({
        name,
        Image: 'busybox',
        Cmd: ['sleep', '300'],
        Labels: { [COMPOSE_PROJECT_LABEL]: PROJECT, [COMPOSE_SERVICE_LABEL]: service },
        HostConfig: { NetworkMode: NETWORK },
      })
      await container.start()
    }
  })

  after(async () => {
    for (const name of [SERVER, CLIENT]) await docker.getContainer(name).remove({ force: true, v: true }).catch(() => {})
    await docker.getNetwork(NETWORK).remove().catch(() => {})
  })

  it('finds a network by its exact name only', async () => {
    assert.equal((await findNetwork(docker, NETWORK))?.Name, NETWORK)
    // The engine's own filter would also match this prefix.
    assert.equal(await findNetwork(docker, NETWORK.slice(0, -2)), null)
    assert.equal(await networkExists(NETWORK).test(ctx), true)
  })

  it('tells which network a container is attached to', async () => {
    assert.equal(await containerOnNetwork(CLIENT, NETWORK).test(ctx), true)
    assert.equal(await containerOnNetwork(CLIENT, 'bridge').test(ctx), false)
    assert.equal(await containerOnNetwork(`missing-${suffix}`, NETWORK).test(ctx), false)
  })

  it('runs a command inside a container: containers on a user network find each other by name', async () => {
    const resolved = await execInContainer(docker, CLIENT, ['nslookup', SERVER])
    assert.equal(resolved?.exitCode, 0, resolved?.stdout)
    const unknown = await execInContainer(docker, CLIENT, ['nslookup', `nobody-${suffix}`])
    assert.notEqual(unknown?.exitCode, 0)
    assert.equal(await execInContainer(docker, `missing-${suffix}`, ['true']), null)
  })

  it('lists the containers of a Compose project by their labels', async () => {
    const services = (await composeProjectContainers(docker, PROJECT)).map((container) => container.service).sort()
    assert.deepEqual(services, ['client', 'web'])
    assert.equal(await composeServicesRunning(docker, PROJECT, ['web', 'client']), true)
    assert.equal(await composeServicesRunning(docker, PROJECT, ['web', 'db']), false)
    await docker.getContainer(SERVER).stop({ t: 0 })
    assert.equal(await composeServicesRunning(docker, PROJECT, ['web']), false)
  })
})
