/**
 * @module Each workstation's own bridge network. A workstation shares its network with nobody but
 * the catalog's registry (joined under the alias `registry`, so the inner engine's mirror URL
 * resolves there), which keeps workstations out of each other's reach: Docker drops traffic between
 * two bridges. Every bridge interface is named `dcw…`, so the host firewall (`host-firewall.ts`)
 * covers all workstation networks, present and future, with one rule per chain. With egress off the
 * network is `internal`: no route out of it but to the host, which that firewall closes.
 */
import { randomInt } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type Dockerode from 'dockerode'
import { LABEL_ROLE, REGISTRY_ALIAS, REGISTRY_CONTAINER } from '@docker-classroom/catalog'
import type { Logger } from '../../logger.ts'
import type { Settings } from '../../settings.ts'
import { engineStatus, ignoringStatus } from './engine-errors.ts'

/** Prefix of every workstation bridge's interface name; `dcw+` in iptables matches them all. */
export const WORKSTATION_BRIDGE_PREFIX = 'dcw'
/**
 * The prefix continued by the network's egress: the firewall rejects traffic leaving an egress-off
 * (`i`nternal) bridge, so a learner's `curl 1.1.1.1` or an inner container's DNS query to 8.8.8.8
 * fails at once instead of timing out in the engine's silent DROP.
 */
export const BRIDGE_PREFIX_BY_EGRESS = { off: `${WORKSTATION_BRIDGE_PREFIX}i-`, on: `${WORKSTATION_BRIDGE_PREFIX}e-` } as const
/** Linux caps interface names at 15 characters. */
const INTERFACE_NAME_LENGTH = 15
/** One /29 per workstation: gateway, workstation, registry, and room to spare. */
const WORKSTATION_SUBNET_PREFIX_LENGTH = 29
/** Subnets tried before giving up when the engine reports them taken. */
const SUBNET_ATTEMPTS = 32
const REGISTRY_JOIN_ATTEMPTS = 10
const REGISTRY_JOIN_RETRY_MS = 300

export type WorkstationNetworkSettings = Pick<Settings, 'sandboxEgress' | 'sandboxSubnetPool'>

/** The network of session `sessionId`'s workstation. */
export function workstationNetworkName(sessionId: string): string {
  return `docker-classroom-ws-${sessionId}-net`
}

/** Its bridge interface on the host: the prefix of its egress and the start of the (random) session id. */
export function workstationBridgeName(sessionId: string, egress: WorkstationNetworkSettings['sandboxEgress']): string {
  return `${BRIDGE_PREFIX_BY_EGRESS[egress]}${sessionId}`.slice(0, INTERFACE_NAME_LENGTH)
}

/**
 * Lookups of names the engine's resolver does not know go upstream, and behind an egress-off network
 * they never come back: the resolver (dockerd 20.10) then answers nothing, and glibc and Go wait out
 * their default 2 × 5 s (an AAAA lookup of a name /etc/hosts holds for IPv4 only, a learner's
 * `curl example.org`, the inner engine's first pull). One try of one second each instead.
 */
const EGRESS_OFF_DNS_OPTIONS = ['timeout:1', 'attempts:1']

/**
 * Creates the workstation's network, in a /29 of the pool the engine does not use yet, and joins the
 * registry to it. Docker's own address pools hold about 30 bridge networks in all, too few for a
 * class, hence the explicit subnets.
 * @returns the workstation container's HostConfig fields for that network
 */
export async function createWorkstationNetwork(
  docker: Dockerode,
  sessionId: string,
  { labels, settings, logger }: { labels: Record<string, string>; settings: WorkstationNetworkSettings; logger: Logger },
): Promise<Pick<Dockerode.HostConfig, 'NetworkMode' | 'DnsOptions'>> {
  const name = workstationNetworkName(sessionId)
  const subnets = subnetsOf(settings.sandboxSubnetPool)
  const first = randomInt(subnets.length)
  for (let attempt = 0; attempt < Math.min(SUBNET_ATTEMPTS, subnets.length); attempt += 1) {
    const subnet = subnets[(first + attempt) % subnets.length] as string
    try {
      await docker.createNetwork({
        Name: name,
        Driver: 'bridge',
        CheckDuplicate: true,
        Internal: settings.sandboxEgress === 'off',
        IPAM: { Driver: 'default', Config: [{ Subnet: subnet }] },
        Options: { 'com.docker.network.bridge.name': workstationBridgeName(sessionId, settings.sandboxEgress) },
        Labels: labels,
      })
      await joinRegistry(docker, name, logger)
      return { NetworkMode: name, DnsOptions: settings.sandboxEgress === 'off' ? EGRESS_OFF_DNS_OPTIONS : [] }
    } catch (error) {
      if (!isSubnetTaken(error)) throw error
    }
  }
  throw new Error(`no free /${WORKSTATION_SUBNET_PREFIX_LENGTH} left in ${settings.sandboxSubnetPool} after ${SUBNET_ATTEMPTS} tries`)
}

/** The engine answers 403 "Pool overlaps with other one on this address space" for a used subnet. */
function isSubnetTaken(error: unknown): boolean {
  return engineStatus(error) === 403 && /overlap/i.test(String((error as Error).message))
}

/** Every /29 of an IPv4 range such as `10.213.0.0/16`, as CIDR strings. */
export function subnetsOf(pool: string): string[] {
  const [address = '', prefix = ''] = pool.split('/')
  const octets = address.split('.').map(Number)
  const prefixLength = Number(prefix)
  if (octets.length !== 4 || octets.some((octet) => !(octet >= 0 && octet <= 255)) || !(prefixLength <= WORKSTATION_SUBNET_PREFIX_LENGTH)) {
    throw new Error(`${pool} is not an IPv4 range of /${WORKSTATION_SUBNET_PREFIX_LENGTH} or wider`)
  }
  const base = octets.reduce((sum, octet) => sum * 256 + octet, 0)
  const poolSize = 2 ** (32 - prefixLength)
  const subnetSize = 2 ** (32 - WORKSTATION_SUBNET_PREFIX_LENGTH)
  const start = base - (base % poolSize)
  const subnets: string[] = []
  for (let offset = 0; offset < poolSize; offset += subnetSize) {
    const value = start + offset
    subnets.push(`${[24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.')}/${WORKSTATION_SUBNET_PREFIX_LENGTH}`)
  }
  return subnets
}

/**
 * Joins the registry to a workstation network under its mirror alias. A missing registry is logged,
 * not fatal: the workstation still works, its pulls fail the way /healthz already reports.
 */
async function joinRegistry(docker: Dockerode, networkName: string, logger: Logger): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await docker.getNetwork(networkName).connect({ Container: REGISTRY_CONTAINER, EndpointConfig: { Aliases: [REGISTRY_ALIAS] } })
      return
    } catch (error) {
      // 403: already joined (a re-run of `attachRegistryEverywhere`).
      if (engineStatus(error) === 403 && /already exists/i.test(String((error as Error).message))) return
      // 404 for a moment while the catalog replaces the registry container (a new image).
      if (engineStatus(error) === 404 && attempt < REGISTRY_JOIN_ATTEMPTS) {
        await sleep(REGISTRY_JOIN_RETRY_MS)
        continue
      }
      logger.error('sandbox.registry-join-failed', { network: networkName, error })
      return
    }
  }
}

/** Removes a workstation's network, once its workstation is gone; the registry leaves it first. */
export async function removeWorkstationNetwork(docker: Dockerode, sessionId: string): Promise<void> {
  const network = docker.getNetwork(workstationNetworkName(sessionId))
  await ignoringStatus([404, 500], () => network.disconnect({ Container: REGISTRY_CONTAINER, Force: true }))
  await ignoringStatus([404], () => network.remove())
}

/**
 * Joins the registry to every workstation network on the engine that lacks it: a registry container
 * the catalog replaced (new image) starts with none of them. The registry is shared by every
 * deployment on the engine, so this covers all workstation networks, not one socket root's.
 */
export async function attachRegistryEverywhere(docker: Dockerode, roleLabel: string, logger: Logger): Promise<void> {
  const networks = await docker.listNetworks({ filters: { label: [`${LABEL_ROLE}=${roleLabel}`] } })
  const registry = await ignoringStatus([404], () => docker.getContainer(REGISTRY_CONTAINER).inspect())
  if (!registry) return
  const joined = new Set(Object.keys(registry.NetworkSettings.Networks))
  for (const network of networks) {
    if (!joined.has(network.Name)) await joinRegistry(docker, network.Name, logger)
  }
}
