/**
 * @module For real-engine tests of sandbox isolation: what a learner's shell reaches from inside a
 * workstation, and the addresses worth trying (another workstation's, the host's, the registry's).
 */
import { networkInterfaces } from 'node:os'
import type Dockerode from 'dockerode'
import { REGISTRY_CONTAINER } from '@docker-classroom/catalog'
import type { SandboxHandle, SandboxProvider } from '../sandbox/provider.ts'
import { workstationNetworkName } from '../sandbox/docker/workstation-network.ts'

/** Seconds one connection attempt may take; a firewall that drops instead of rejecting shows as a timeout. */
const CONNECT_TIMEOUT_S = 4

/** Whether curl in the workstation got any HTTP answer from `url`, and curl's own words if not. */
export async function workstationReaches(
  provider: SandboxProvider,
  handle: SandboxHandle,
  url: string,
): Promise<{ reached: boolean; detail: string }> {
  const result = await provider.exec(handle, ['curl', '-sS', '-m', String(CONNECT_TIMEOUT_S), '-o', '/dev/null', '-w', '%{http_code}', url])
  return { reached: result.exitCode === 0, detail: result.exitCode === 0 ? `HTTP ${result.stdout}` : result.stderr.trim() }
}

/**
 * The workstation network's gateway: the host's address on that bridge. The engine does not report
 * it for a network made with only a subnet; it takes the subnet's first address.
 */
export async function gatewayOf(docker: Dockerode, handle: SandboxHandle): Promise<string> {
  const network = await docker.getNetwork(workstationNetworkName(handle.sessionId)).inspect()
  const subnet = network.IPAM?.Config?.[0]?.Subnet
  if (!subnet) throw new Error(`${network.Name} has no subnet`)
  const octets = (subnet.split('/')[0] ?? '').split('.').map(Number)
  return [...octets.slice(0, 3), (octets[3] ?? 0) + 1].join('.')
}

/** The registry's address on the workstation's network. */
export async function registryAddressFor(docker: Dockerode, handle: SandboxHandle): Promise<string> {
  const registry = await docker.getContainer(REGISTRY_CONTAINER).inspect()
  const address = registry.NetworkSettings.Networks[workstationNetworkName(handle.sessionId)]?.IPAddress
  if (!address) throw new Error(`the registry is not on ${workstationNetworkName(handle.sessionId)}`)
  return address
}

/** The host's own address on its outside interface (not loopback, not a Docker bridge). */
export function hostOutsideAddress(): string {
  for (const [name, addresses] of Object.entries(networkInterfaces())) {
    if (/^(lo|docker|br-|dcw|veth)/.test(name)) continue
    const address = addresses?.find((entry) => entry.family === 'IPv4' && !entry.internal)
    if (address) return address.address
  }
  throw new Error('the host has no outside IPv4 address')
}
