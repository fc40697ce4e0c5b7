/**
 * @module Fault test (`npm run test:faults`): what a learner's shell reaches from inside a workstation,
 * on the real engine with the host firewall the server writes. From workstation A: not workstation B
 * (not even with a route through the registry, which sits on both networks), not the host (a server
 * listening on every interface stands in for the API port with HOST=0.0.0.0; over IPv6 link-local
 * too), not 169.254.169.254, not the internet with egress off (an outside name fails within the
 * shortened resolver timeout); but the mirror, for a `docker pull`. A second workstation with egress
 * on reaches neither the host, B nor the metadata address. Each refusal has a control that shows the
 * target does answer from where it should (the host). Skipped without the workstation image.
 */
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { createServer, get, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, rm } from 'node:fs/promises'
import { networkInterfaces, tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import Dockerode from 'dockerode'
import { silentLogger } from '../logger.ts'
import { createDockerProvider, type DockerProvider } from '../sandbox/docker/index.ts'
import { installHostFirewall } from '../sandbox/docker/host-firewall.ts'
import { workstationBridgeName, workstationNetworkName } from '../sandbox/docker/workstation-network.ts'
import type { SandboxHandle } from '../sandbox/provider.ts'
import { newSessionId } from '../sessions/credentials.ts'
import { readSettings } from '../settings.ts'
import { gatewayOf, hostOutsideAddress, registryAddressFor, workstationReaches } from '../testing/network-probes.ts'
import { removeSocketRootLeftovers } from '../testing/real-engine.ts'
import { skipWithoutWorkstation } from '../testing/workstation-image.ts'

const hostDocker = new Dockerode()
const skip = await skipWithoutWorkstation(hostDocker)
/** An address on the internet; here even a transparent proxy would answer it. */
const OUTSIDE_URL = 'http://1.1.1.1/'
const OUTSIDE_NAME_URL = 'http://deb.debian.org/'
const METADATA_URL = 'http://169.254.169.254/latest/meta-data/'
/** The port B's inner nginx is published on, inside B. */
const B_PORT = 8080

describe('Network isolation of workstations', { skip, concurrency: false }, () => {
  let socketRoot = ''
  let provider: DockerProvider
  let egressProvider: DockerProvider
  let a: SandboxHandle
  let b: SandboxHandle
  let withEgress: SandboxHandle
  let hostListener: Server
  let hostPort = 0

  before(async () => {
    socketRoot = await mkdtemp(path.join(tmpdir(), 'classroom-network-'))
    const env = { ...process.env, SOCKET_ROOT: socketRoot, EXEC_TIMEOUT_MS: '120000' }
    provider = await createDockerProvider({ settings: readSettings({ ...env, SANDBOX_EGRESS: 'off' }), logger: silentLogger })
    egressProvider = await createDockerProvider({ settings: readSettings({ ...env, SANDBOX_EGRESS: 'on' }), logger: silentLogger })
    ;[a, b, withEgress] = await Promise.all([provider.create(newSessionId()), provider.create(newSessionId()), egressProvider.create(newSessionId())])
    const published = await provider.exec(b, ['docker', 'run', '-d', '-p', `${B_PORT}:80`, 'nginx'])
    assert.equal(published.exitCode, 0, published.stderr)
    // Listens on every interface of the host (IPv4 and IPv6), as the server does with HOST=0.0.0.0 (compose).
    hostListener = createServer((_request, response) => response.end('host'))
    hostListener.listen(0, '::')
    await once(hostListener, 'listening')
    hostPort = (hostListener.address() as AddressInfo).port
  })

  after(async () => {
    hostListener?.close()
    await Promise.all([a, b].filter(Boolean).map((handle) => provider.destroy(handle)))
    if (withEgress) await egressProvider.destroy(withEgress)
    await removeSocketRootLeftovers(hostDocker, socketRoot)
    await rm(socketRoot, { recursive: true, force: true })
  })

  it('Should write the host firewall on this host', async () => {
    assert.equal(await installHostFirewall(hostDocker, silentLogger), 'enforced')
  })

  it('Should give each workstation its own network, shared only with the registry', async () => {
    for (const handle of [a, b]) {
      const network = await hostDocker.getNetwork(workstationNetworkName(handle.sessionId)).inspect()
      const members = Object.values(network.Containers ?? {}).map((member) => member.Name).sort()
      assert.deepEqual(members, [`docker-classroom-ws-${handle.sessionId}`, 'docker-classroom-registry'].sort())
      assert.equal(network.Internal, true, 'egress is off by default')
    }
  })

  it('Should not reach another workstation, directly or routed through the registry', async (t) => {
    const bAddress = await provider.previewHost(b)
    const bUrl = `http://${bAddress}:${B_PORT}/`
    // Control: the server (the host) reaches B's published port, the way the port preview does.
    const fromHost = await fetch(bUrl, { signal: AbortSignal.timeout(10_000) })
    assert.equal(fromHost.status, 200)
    await fromHost.body?.cancel()

    const direct = await workstationReaches(provider, a, bUrl)
    t.diagnostic(`A → B ${bUrl}: ${direct.detail}`)
    assert.equal(direct.reached, false)
    // With egress on there is a route out through the host; it does not lead to another bridge.
    const fromEgress = await workstationReaches(egressProvider, withEgress, bUrl)
    t.diagnostic(`egress on → B ${bUrl}: ${fromEgress.detail}`)
    assert.equal(fromEgress.reached, false)

    // A learner is root in the workstation and may change its routes: send B's subnet to the registry.
    const via = await registryAddressFor(hostDocker, a)
    const route = await provider.exec(a, ['ip', 'route', 'add', `${bAddress}/32`, 'via', via])
    assert.equal(route.exitCode, 0, route.stderr)
    const routed = await workstationReaches(provider, a, bUrl)
    t.diagnostic(`A → B through the registry (${via}): ${routed.detail}`)
    assert.equal(routed.reached, false)
  })

  it('Should not reach the host: the gateway, its outside address, the registry port', async (t) => {
    const hostAddress = hostOutsideAddress()
    // Control: the listener answers on the host's outside address.
    const control = await fetch(`http://${hostAddress}:${hostPort}/`, { signal: AbortSignal.timeout(5000) })
    assert.equal(await control.text(), 'host')
    for (const handle of [a, withEgress]) {
      const gateway = await gatewayOf(hostDocker, handle)
      for (const url of [`http://${gateway}:${hostPort}/`, `http://${hostAddress}:${hostPort}/`, `http://${gateway}:5000/v2/`]) {
        const outcome = await workstationReaches(provider, handle, url)
        t.diagnostic(`${handle === a ? 'egress off' : 'egress on'} → ${url}: ${outcome.detail}`)
        assert.equal(outcome.reached, false, url)
      }
    }
  })

  it('Should not reach the host over IPv6 either (its bridge has a link-local address)', async (t) => {
    const bridge = workstationBridgeName(a.sessionId, 'off')
    const hostLinkLocal = networkInterfaces()[bridge]?.find((entry) => entry.family === 'IPv6' && entry.address.startsWith('fe80:'))
    if (!hostLinkLocal) return t.skip(`${bridge} has no IPv6 link-local address on this host`)
    // Control: the dual-stack listener answers on that address, from the host (fetch's URL parser
    // takes no zone index, node:http does).
    const control = get({ host: `${hostLinkLocal.address}%${bridge}`, port: hostPort, timeout: 5000 })
    const [response] = (await once(control, 'response')) as [IncomingMessage]
    assert.equal(response.statusCode, 200)
    response.resume()
    // The learner is root in the workstation: IPv6 on its interface is theirs to switch on.
    const enabled = await provider.exec(a, ['sysctl', '-w', 'net.ipv6.conf.eth0.disable_ipv6=0'])
    assert.equal(enabled.exitCode, 0, enabled.stderr)
    const url = `http://[${hostLinkLocal.address}%25eth0]:${hostPort}/`
    const outcome = await workstationReaches(provider, a, url)
    t.diagnostic(`egress off → ${url}: ${outcome.detail}`)
    assert.equal(outcome.reached, false)
  })

  it('Should not reach the metadata address, with egress off or on', async (t) => {
    for (const handle of [a, withEgress]) {
      const outcome = await workstationReaches(provider, handle, METADATA_URL)
      t.diagnostic(`${handle === a ? 'egress off' : 'egress on'} → ${METADATA_URL}: ${outcome.detail}`)
      assert.equal(outcome.reached, false)
    }
  })

  it('Should not reach the internet with egress off', async (t) => {
    const off = await workstationReaches(provider, a, OUTSIDE_URL)
    t.diagnostic(`egress off → ${OUTSIDE_URL}: ${off.detail}`)
    assert.equal(off.reached, false)
    // A name only the outside knows fails within the shortened resolver timeout, not after 10 s.
    const started = performance.now()
    const named = await workstationReaches(provider, a, OUTSIDE_NAME_URL)
    const seconds = (performance.now() - started) / 1000
    t.diagnostic(`egress off → ${OUTSIDE_NAME_URL}: ${named.detail} after ${seconds.toFixed(1)} s`)
    assert.equal(named.reached, false)
    assert.ok(seconds < 5, `the lookup took ${seconds.toFixed(1)} s`)
    // Recorded, not asserted: whether the host itself has a way out is the host's business.
    const on = await workstationReaches(egressProvider, withEgress, OUTSIDE_URL)
    t.diagnostic(`egress on → ${OUTSIDE_URL}: ${on.detail}`)
  })

  it('Should pull from the mirror with egress off', async () => {
    const pulled = await provider.exec(a, ['docker', 'pull', 'busybox'])
    assert.equal(pulled.exitCode, 0, pulled.stderr)
  })
})
