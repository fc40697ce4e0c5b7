/**
 * @module registry
 * The local registry that inner engines use as their Docker Hub mirror: its network, volume and
 * container on the host engine, and pushing catalog images into it only when it lacks them.
 */
import type Dockerode from 'dockerode'
import type { CatalogImage } from './catalog-images.ts'
import { followDockerStream } from './docker-stream.ts'
import { errorMessage, isNotFound, type ProgressListener } from './engine.ts'
import {
  LABEL_ROLE,
  REGISTRY_ALIAS,
  REGISTRY_CONTAINER,
  REGISTRY_HOST_PORT,
  REGISTRY_HOST_URL,
  REGISTRY_VOLUME,
  ROLE_CATALOG,
  ROLE_REGISTRY,
  SANDBOX_NETWORK,
} from './names.ts'

/** Where the host pushes: the engine allows plain HTTP to a registry on localhost. */
const PUSH_HOST = `127.0.0.1:${REGISTRY_HOST_PORT}`
const REGISTRY_DATA_PATH = '/var/lib/docker-registry'
const REGISTRY_READY_TIMEOUT_MS = 30_000
/**
 * The sandbox server joins the registry to every workstation's own network; a registry that routed
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

/** Creates the bridge network of the registry and the workstations if missing; its id. */
export async function ensureSandboxNetwork(docker: Dockerode): Promise<string> {
  try {
    const network = (await docker.getNetwork(SANDBOX_NETWORK).inspect()) as { Id: string }
    return network.Id
  } catch (error) {
    if (!isNotFound(error)) throw error
    const network = await docker.createNetwork({
      Name: SANDBOX_NETWORK,
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

/**
 * Runs the registry container from `imageId`, replacing one made from an older image or attached
 * to a sandbox network that has since been recreated, and resolves once the registry answers on
 * the host port.
 */
export async function ensureRegistryRunning(options: {
  docker: Dockerode
  imageId: string
  onProgress: ProgressListener
}): Promise<void> {
  const { docker, imageId, onProgress } = options
  const networkId = await ensureSandboxNetwork(docker)
  await ensureRegistryVolume(docker)

  const container = docker.getContainer(REGISTRY_CONTAINER)
  const existing = await container.inspect().catch((error: unknown) => {
    if (isNotFound(error)) return undefined
    throw error
  })
  const reusable =
    existing !== undefined &&
    existing.Image === imageId &&
    existing.NetworkSettings.Networks[SANDBOX_NETWORK]?.NetworkID === networkId &&
    existing.HostConfig.Sysctls?.[NO_FORWARDING_SYSCTL] === '0'
  if (existing !== undefined && !reusable) {
    onProgress({ step: 'registry: replace container', detail: 'its image, network or settings changed' })
    await container.remove({ force: true, v: true })
  }
  if (!reusable) {
    onProgress({ step: 'registry: create container' })
    await docker.createContainer({
      name: REGISTRY_CONTAINER,
      Image: imageId,
      Labels: { [LABEL_ROLE]: ROLE_REGISTRY },
      ExposedPorts: { '5000/tcp': {} },
      HostConfig: {
        RestartPolicy: { Name: 'unless-stopped' },
        Mounts: [{ Type: 'volume', Source: REGISTRY_VOLUME, Target: REGISTRY_DATA_PATH }],
        PortBindings: {
          '5000/tcp': [{ HostIp: '127.0.0.1', HostPort: String(REGISTRY_HOST_PORT) }],
        },
        NetworkMode: SANDBOX_NETWORK,
        Sysctls: { [NO_FORWARDING_SYSCTL]: '0' },
      },
      NetworkingConfig: {
        EndpointsConfig: { [SANDBOX_NETWORK]: { Aliases: [REGISTRY_ALIAS] } },
      },
    })
  }
  if (!reusable || !existing.State.Running) {
    onProgress({ step: 'registry: start' })
    await container.start()
  }
  await waitForRegistry()
}

/** True once GET /v2/ answers 200 (the registry's own liveness check). */
export async function registryAnswers(): Promise<boolean> {
  try {
    const response = await fetch(`${REGISTRY_HOST_URL}/v2/`, { signal: AbortSignal.timeout(2000) })
    await response.body?.cancel()
    return response.ok
  } catch {
    return false
  }
}

async function waitForRegistry(): Promise<void> {
  const deadline = Date.now() + REGISTRY_READY_TIMEOUT_MS
  while (!(await registryAnswers())) {
    if (Date.now() > deadline) {
      throw new Error(
        `the registry did not answer on ${REGISTRY_HOST_URL}/v2/ within ` +
          `${REGISTRY_READY_TIMEOUT_MS / 1000} s (see: docker logs ${REGISTRY_CONTAINER})`,
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

async function registryManifestDigest(
  repository: string,
  tag: string,
): Promise<string | undefined> {
  const response = await fetch(`${REGISTRY_HOST_URL}/v2/${repository}/manifests/${tag}`, {
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
  const pushRepository = `${PUSH_HOST}/${registryRepository(image)}`
  const info = await docker.getImage(imageId).inspect()
  let pushedAny = false
  for (const tag of image.tags) {
    const registryDigest = await registryManifestDigest(registryRepository(image), tag)
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
