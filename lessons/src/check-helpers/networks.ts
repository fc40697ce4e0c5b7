/**
 * @module Check helpers about networks and multi-container apps: a network by its exact name, the
 * networks a container is attached to, a command run inside a container (to prove what that
 * container can reach), and the containers of a Compose project.
 */
import type Dockerode from 'dockerode'
import { findContainer } from './containers.ts'
import { demuxDockerStream } from './engine-state.ts'

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

export interface ContainerExecResult {
  exitCode: number
  output: string
}

/** How long a command inside a learner's container may take before it counts as failed. */
const CONTAINER_EXEC_TIMEOUT_MS = 8000

/**
 * Runs `argv` (an argument vector, never a shell string) inside the running container `name`
 * through the engine's exec API, as `docker exec` does. Returns null when the container does not
 * exist or is not running; a command that outlives `timeoutMs` counts as failed (exit code -1).
 */
export async function execInContainer(
  docker: Dockerode,
  name: string,
  argv: readonly string[],
  timeoutMs = CONTAINER_EXEC_TIMEOUT_MS,
): Promise<ContainerExecResult | null> {
  const container = await findContainer(docker, name)
  if (!container?.State.Running) return null
  const exec = await docker.getContainer(container.Id).exec({ Cmd: [...argv], AttachStdout: true, AttachStderr: true })
  const stream = await exec.start({ hijack: true, stdin: false })
  const chunks: Buffer[] = []
  const finished = new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.on('end', resolve)
    stream.on('close', resolve)
    stream.on('error', reject)
  })
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs)
  })
  try {
    if ((await Promise.race([finished, timedOut])) === 'timeout') {
      stream.destroy()
      return { exitCode: -1, output: demuxDockerStream(Buffer.concat(chunks)).toString('utf8') }
    }
  } finally {
    clearTimeout(timer)
  }
  const { ExitCode } = await exec.inspect()
  return { exitCode: ExitCode ?? -1, output: demuxDockerStream(Buffer.concat(chunks)).toString('utf8') }
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
