/**
 * @module Check helpers about networks and multi-container apps: a network by its exact name, the
 * networks a container is attached to, and the containers of a Compose project. What a container
 * can reach is asked with `execInContainer` (volumes.ts).
 */
import type Dockerode from 'dockerode'
import { findContainer } from './containers.ts'

type NetworkDetails = Awaited<ReturnType<Dockerode.Network['inspect']>>

/** The network with this exact name (not an id prefix, not a longer name), or null when there is none. */
export async function findNetwork(docker: Dockerode, name: string): Promise<NetworkDetails | null> {
  // The engine's name filter matches substrings, so the exact name is picked out here.
  const matches = await docker.listNetworks({ filters: { name: [name] } })
  const network = matches.find((candidate) => candidate.Name === name)
  return network ? docker.getNetwork(network.Id).inspect() : null
}

/** Names of the networks the container is attached to, or null when there is no such container. */
export async function containerNetworkNames(docker: Dockerode, name: string): Promise<string[] | null> {
  const container = await findContainer(docker, name)
  return container ? Object.keys(container.NetworkSettings.Networks ?? {}) : null
}

/** True when the container exists and is attached to the network `network`. */
export async function isOnNetwork(docker: Dockerode, name: string, network: string): Promise<boolean> {
  return (await containerNetworkNames(docker, name))?.includes(network) === true
}

/** Labels Compose (v1 and v2) puts on every container it creates. */
export const COMPOSE_PROJECT_LABEL = 'com.docker.compose.project'
export const COMPOSE_SERVICE_LABEL = 'com.docker.compose.service'

export interface ComposeContainer {
  id: string
  name: string
  service: string
  running: boolean
}

/** Every container (any state) of the Compose project `project`, as `docker compose ps -a` lists them. */
export async function composeProjectContainers(docker: Dockerode, project: string): Promise<ComposeContainer[]> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${COMPOSE_PROJECT_LABEL}=${project}`] } })
  return containers.map((container) => ({
    id: container.Id,
    name: (container.Names[0] ?? '').replace(/^\//, ''),
    service: container.Labels[COMPOSE_SERVICE_LABEL] ?? '',
    running: container.State === 'running',
  }))
}

/** True when the Compose project has a running container for every one of `services`. */
export async function composeServicesRunning(docker: Dockerode, project: string, services: readonly string[]): Promise<boolean> {
  const running = new Set(
    (await composeProjectContainers(docker, project)).filter((container) => container.running).map((container) => container.service),
  )
  return services.every((service) => running.has(service))
}
