/**
 * @module registry
 * The local registry that inner engines use as their Docker Hub mirror, in two containers of one
 * image on one storage volume: the read-only mirror, which the sandbox server joins to every
 * workstation's network as `registry`, and the writable publisher, which only the host reaches and
 * the catalog pushes to. A learner who sends a registry write to `registry:5000` (curl needs no
 * `insecure-registries`) gets 405, so nobody can replace `nginx` for the whole class. Pushing
 * catalog images only when the registry lacks them.
 */
import { isDeepStrictEqual } from 'node:util'
import type Dockerode from 'dockerode'
import type { CatalogImage } from './catalog-images.ts'
import { followDockerStream } from './docker-stream.ts'
import { errorMessage, isNotFound, type ProgressListener } from './engine.ts'
import {
  LABEL_ROLE,
  REGISTRY_ALIAS,
  REGISTRY_CONTAINER,
  REGISTRY_HOST_PORT,
  REGISTRY_PUBLISHER_CONTAINER,
  REGISTRY_PUBLISHER_HOST,
  REGISTRY_PUBLISHER_HOST_PORT,
  REGISTRY_PUBLISHER_NETWORK,
  REGISTRY_PUBLISHER_URL,
  REGISTRY_VOLUME,
  ROLE_CATALOG,
  ROLE_REGISTRY,
  SANDBOX_NETWORK,
} from './names.ts'

const REGISTRY_DATA_PATH = '/var/lib/docker-registry'
const REGISTRY_CONFIG_FOLDER = '/etc/docker/registry'
const REGISTRY_READY_TIMEOUT_MS = 30_000
/**
 * The sandbox server joins the mirror to every workstation's own network; a registry that routed
 * packets (a container's namespace starts with the host's ip_forward=1) would be a bridge between
 * workstations for anyone who adds a route through it.
 */
const NO_FORWARDING_SYSCTL = 'net.ipv4.ip_forward'

const MANIFEST_MEDIA_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ')

/** One of the two registry containers (see the module comment). */
export interface RegistryRole {
  container: string
  /** The network it is created on; an engine-side recreation of it means a new container. */
  network: string
  aliases: string[]
  /** Its port 5000, published on 127.0.0.1 only. */
  hostPort: string
  /** A file of catalog/images/registry/. */
  configFile: 'mirror.yml' | 'publisher.yml'
  /** The mirror also mounts the storage read-only, below distribution's own read-only mode. */
  readOnlyStorage: boolean
  /** Workstation networks it was joined to are joined by its replacement too. */
  keepsWorkstationNetworks: boolean
}

const MIRROR: RegistryRole = {
  container: REGISTRY_CONTAINER,
  network: SANDBOX_NETWORK,
  aliases: [REGISTRY_ALIAS],
  hostPort: String(REGISTRY_HOST_PORT),
  configFile: 'mirror.yml',
  readOnlyStorage: true,
  keepsWorkstationNetworks: true,
}

const PUBLISHER: RegistryRole = {
  container: REGISTRY_PUBLISHER_CONTAINER,
  network: REGISTRY_PUBLISHER_NETWORK,
  aliases: [],
  hostPort: String(REGISTRY_PUBLISHER_HOST_PORT),
  configFile: 'publisher.yml',
  readOnlyStorage: false,
  keepsWorkstationNetworks: false,
}

/** Creates the bridge network `name` if missing; its id. */
async function ensureNetwork(docker: Dockerode, name: string): Promise<string> {
  try {
    const network = (await docker.getNetwork(name).inspect()) as { Id: string }
    return network.Id
  } catch (error) {
    if (!isNotFound(error)) throw error
    const network = await docker.createNetwork({
      Name: name,
      Driver: 'bridge',
      CheckDuplicate: true,
      Labels: { [LABEL_ROLE]: ROLE_CATALOG },
    })
    return network.id
  }
}

async function ensureRegistryVolume(docker: Dockerode): Promise<void> {
  try {
    await docker.getVolume(REGISTRY_VOLUME).inspect()
  } catch (error) {
    if (!isNotFound(error)) throw error
    await docker.createVolume({ Name: REGISTRY_VOLUME, Labels: { [LABEL_ROLE]: ROLE_REGISTRY } })
  }
}

function registryCommand(role: RegistryRole): string[] {
  return ['docker-registry', 'serve', `${REGISTRY_CONFIG_FOLDER}/${role.configFile}`]
}

function containerOptions(
  role: RegistryRole,
  imageId: string,
  name: string,
): Dockerode.ContainerCreateOptions {
  return {
    name,
    Image: imageId,
    Cmd: registryCommand(role),
    Labels: { [LABEL_ROLE]: ROLE_REGISTRY },
    ExposedPorts: { '5000/tcp': {} },
    HostConfig: {
      RestartPolicy: { Name: 'unless-stopped' },
      Mounts: [
        {
          Type: 'volume',
          Source: REGISTRY_VOLUME,
          Target: REGISTRY_DATA_PATH,
          ReadOnly: role.readOnlyStorage,
        },
      ],
      // The registry writes nothing but its storage.
      ReadonlyRootfs: true,
      PortBindings: { '5000/tcp': [{ HostIp: '127.0.0.1', HostPort: role.hostPort }] },
      NetworkMode: role.network,
      Sysctls: { [NO_FORWARDING_SYSCTL]: '0' },
    },
    NetworkingConfig: { EndpointsConfig: { [role.network]: { Aliases: role.aliases } } },
  }
}

/** Whether a running or stopped container already is what `containerOptions` would create. */
function isCurrent(
  existing: Dockerode.ContainerInspectInfo,
  role: RegistryRole,
  imageId: string,
  networkId: string,
): boolean {
  const storage = existing.Mounts.find((mount) => mount.Destination === REGISTRY_DATA_PATH)
  return (
    existing.Image === imageId &&
    isDeepStrictEqual(existing.Config.Cmd, registryCommand(role)) &&
    existing.NetworkSettings.Networks[role.network]?.NetworkID === networkId &&
    existing.HostConfig.Sysctls?.[NO_FORWARDING_SYSCTL] === '0' &&
    existing.HostConfig.ReadonlyRootfs === true &&
    existing.HostConfig.PortBindings?.['5000/tcp']?.[0]?.HostPort === role.hostPort &&
    storage?.Name === REGISTRY_VOLUME &&
    storage.RW === !role.readOnlyStorage
  )
}

async function inspectIfPresent(
  docker: Dockerode,
  name: string,
): Promise<Dockerode.ContainerInspectInfo | undefined> {
  return docker
    .getContainer(name)
    .inspect()
    .catch((error: unknown) => {
      if (isNotFound(error)) return undefined
      throw error
    })
}

/** The networks besides its own that `container` is on: for the mirror, workstation networks. */
function otherNetworks(container: Dockerode.ContainerInspectInfo, role: RegistryRole): string[] {
  if (!role.keepsWorkstationNetworks) return []
  return Object.keys(container.NetworkSettings.Networks).filter((name) => name !== role.network)
}

/**
 * The networks of `names` that no longer exist. A stopped container has no endpoint, so the engine
 * lets its networks be removed (a workstation network swept while the mirror was down), then
 * refuses to start it; connecting a container that never ran to a missing network is accepted too.
 */
async function removedNetworks(docker: Dockerode, names: readonly string[]): Promise<string[]> {
  const removed: string[] = []
  for (const name of names) {
    await docker
      .getNetwork(name)
      .inspect()
      .catch((error: unknown) => {
        if (!isNotFound(error)) throw error
        removed.push(name)
      })
  }
  return removed
}

async function joinNetworks(
  docker: Dockerode,
  container: Dockerode.Container,
  role: RegistryRole,
  networks: readonly string[],
): Promise<void> {
  const removed = await removedNetworks(docker, networks)
  for (const network of networks.filter((name) => !removed.includes(name))) {
    await docker
      .getNetwork(network)
      .connect({ Container: container.id, EndpointConfig: { Aliases: role.aliases } })
      // A workstation network removed with its sandbox meanwhile.
      .catch((error: unknown) => {
        if (!isNotFound(error)) throw error
      })
  }
}

/**
 * Replaces `existing` by a container made from `imageId`. The new one is created and joined to the
 * old one's workstation networks beside it, so the mirror is away only for a remove, a rename and a
 * start, not for joining dozens of networks. A workstation network the sandbox server creates in
 * that gap is joined by the server's next `attachRegistryEverywhere` (at its start).
 */
async function replaceContainer(
  docker: Dockerode,
  role: RegistryRole,
  imageId: string,
  existing: Dockerode.ContainerInspectInfo,
): Promise<Dockerode.Container> {
  const nextName = `${role.container}-next`
  // Left over by a run that stopped half-way.
  if ((await inspectIfPresent(docker, nextName)) !== undefined) {
    await docker.getContainer(nextName).remove({ force: true })
  }
  const next = await docker.createContainer(containerOptions(role, imageId, nextName))
  const joined = otherNetworks(existing, role)
  await joinNetworks(docker, next, role, joined)
  const lastSeen = await inspectIfPresent(docker, role.container)
  if (lastSeen !== undefined) await docker.getContainer(role.container).remove({ force: true })
  const joinedMeanwhile = otherNetworks(lastSeen ?? existing, role).filter(
    (name) => !joined.includes(name),
  )
  await joinNetworks(docker, next, role, joinedMeanwhile)
  await next.rename({ name: role.container })
  return next
}

/**
 * Makes one registry container current and running: a container made from an older image, with
 * other settings or on a network that has since been recreated is replaced; a current one is
 * re-used (started if stopped). Resolves once it answers on its host port.
 */
export async function ensureRegistryContainer(options: {
  docker: Dockerode
  role: RegistryRole
  imageId: string
  onProgress: ProgressListener
}): Promise<void> {
  const { docker, role, imageId, onProgress } = options
  const networkId = await ensureNetwork(docker, role.network)
  const existing = await inspectIfPresent(docker, role.container)
  let fresh: Dockerode.Container | undefined
  if (existing === undefined) {
    onProgress({ step: `registry: create ${role.container}` })
    fresh = await docker.createContainer(containerOptions(role, imageId, role.container))
  } else if (!isCurrent(existing, role, imageId, networkId)) {
    onProgress({
      step: `registry: replace ${role.container}`,
      detail: 'its image, network or settings changed',
    })
    fresh = await replaceContainer(docker, role, imageId, existing)
  } else if (!existing.State.Running) {
    const names = Object.keys(existing.NetworkSettings.Networks)
    for (const network of await removedNetworks(docker, names)) {
      onProgress({ step: `registry: leave removed network ${network}` })
      await docker.getNetwork(network).disconnect({ Container: existing.Id, Force: true })
    }
  }
  if (fresh !== undefined || existing?.State.Running !== true) {
    onProgress({ step: `registry: start ${role.container}` })
    await (fresh ?? docker.getContainer(role.container)).start()
  }
  await waitForRegistry(`http://127.0.0.1:${role.hostPort}`, role.container)
}

/**
 * Runs the mirror and the publisher from `imageId` on the shared storage volume. The mirror goes
 * first: a container of the single-registry layout it replaces held the publisher's host port.
 */
export async function ensureRegistryRunning(options: {
  docker: Dockerode
  imageId: string
  onProgress: ProgressListener
}): Promise<void> {
  await ensureRegistryVolume(options.docker)
  for (const role of [MIRROR, PUBLISHER]) await ensureRegistryContainer({ ...options, role })
}

/** True once GET /v2/ of the registry at `baseUrl` answers 200 (its own liveness check). */
async function registryAnswers(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/v2/`, { signal: AbortSignal.timeout(2000) })
    await response.body?.cancel()
    return response.ok
  } catch {
    return false
  }
}

async function waitForRegistry(baseUrl: string, container: string): Promise<void> {
  const deadline = Date.now() + REGISTRY_READY_TIMEOUT_MS
  while (!(await registryAnswers(baseUrl))) {
    if (Date.now() > deadline) {
      throw new Error(
        `the registry did not answer on ${baseUrl}/v2/ within ` +
          `${REGISTRY_READY_TIMEOUT_MS / 1000} s (see: docker logs ${container})`,
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/**
 * The repository inner engines ask the mirror for: official images live under `library/`, a
 * namespaced one (`devwikirepo/leafy-backend`) under its own name.
 */
export function registryRepository(image: CatalogImage): string {
  return image.repository.includes('/') ? image.repository : `library/${image.repository}`
}

/** The digest of `repository:tag` in the registry at `baseUrl`; undefined when it lacks it. */
export async function registryManifestDigest(
  baseUrl: string,
  repository: string,
  tag: string,
): Promise<string | undefined> {
  const response = await fetch(`${baseUrl}/v2/${repository}/manifests/${tag}`, {
    method: 'HEAD',
    headers: { Accept: MANIFEST_MEDIA_TYPES },
    signal: AbortSignal.timeout(5000),
  })
  if (response.status === 404) return undefined
  if (!response.ok) {
    throw new Error(`registry answered ${response.status} for ${repository}:${tag}`)
  }
  return response.headers.get('docker-content-digest') ?? undefined
}

/**
 * Pushes every tag of `image` unless the registry already holds this very image under it:
 * the engine records the digest of each push in the image's RepoDigests, so a registry
 * manifest digest found there means the same image.
 */
export async function pushToRegistry(options: {
  docker: Dockerode
  image: CatalogImage
  imageId: string
  onProgress: ProgressListener
}): Promise<'pushed' | 'present'> {
  const { docker, image, imageId, onProgress } = options
  const pushRepository = `${REGISTRY_PUBLISHER_HOST}/${registryRepository(image)}`
  const info = await docker.getImage(imageId).inspect()
  let pushedAny = false
  for (const tag of image.tags) {
    const registryDigest = await registryManifestDigest(
      REGISTRY_PUBLISHER_URL,
      registryRepository(image),
      tag,
    )
    if (
      registryDigest !== undefined &&
      info.RepoDigests.includes(`${pushRepository}@${registryDigest}`)
    ) {
      continue
    }
    const step = `${image.name}: push ${registryRepository(image)}:${tag}`
    onProgress({ step })
    await docker.getImage(imageId).tag({ repo: pushRepository, tag })
    // The engine wants an X-Registry-Auth header even for a registry without authentication.
    const stream = await docker.getImage(pushRepository).push({ tag, authconfig: {} })
    await followDockerStream(stream, (message) => {
      if (message.status !== undefined && message.progress === undefined) {
        onProgress({ step, detail: [message.id, message.status].filter(Boolean).join(': ') })
      }
    }).catch((error: unknown) => {
      throw new Error(`pushing ${pushRepository}:${tag} failed: ${errorMessage(error)}`)
    })
    pushedAny = true
  }
  return pushedAny ? 'pushed' : 'present'
}
