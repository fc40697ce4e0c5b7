/**
 * @module catalog
 * The offline image catalog: builds every course image on the host engine from Debian packages,
 * runs the local registry, and pushes the learner-facing images into it, so that each learner's
 * inner engine resolves `docker pull nginx` through its mirror. Idempotent: what is current is
 * reused, what the registry already holds is not pushed again.
 */
import type Dockerode from 'dockerode'
import { ensureImage, type ImageOutcome } from './build.ts'
import { CATALOG_IMAGES, imageReference, type CatalogImage } from './catalog-images.ts'
import { errorMessage, type ProgressListener } from './engine.ts'
import { REGISTRY_IMAGE } from './names.ts'
import { ensureRegistryRunning, pushToRegistry } from './registry.ts'

export * from './names.ts'
export {
  CATALOG_IMAGES,
  HOST_APT_PACKAGES,
  type CatalogImage,
  type ImageSource,
} from './catalog-images.ts'
export type { ProgressListener } from './engine.ts'

export interface CatalogImageReport {
  name: string
  /** `repository:tag` of the primary tag. */
  reference: string
  action: 'built' | 'reused'
  /** Registry state after this run; `host-only` images are never pushed. */
  registry: 'pushed' | 'present' | 'host-only'
  /** Time spent on this image: hash, build or reuse, and push. */
  seconds: number
  sizeBytes: number
}

export interface CatalogReport {
  images: CatalogImageReport[]
  seconds: number
  totalSizeBytes: number
}

export interface EnsureCatalogOptions {
  docker: Dockerode
  onProgress: ProgressListener
  /** Rebuild every image, bypassing the engine's layer cache. */
  force?: boolean
}

export async function ensureCatalog(options: EnsureCatalogOptions): Promise<CatalogReport> {
  const { docker, onProgress } = options
  const started = performance.now()
  const hashes = new Map<string, string>()
  const reports: CatalogImageReport[] = []
  const outcomes: ImageOutcome[] = []
  // Images built before the registry runs wait here to be pushed.
  const awaitingPush: ImageOutcome[] = []
  let registryRunning = false

  const push = async (outcome: ImageOutcome): Promise<void> => {
    const pushStarted = performance.now()
    const state = await pushToRegistry({
      docker,
      image: outcome.image,
      imageId: outcome.imageId,
      onProgress,
    })
    const report = reports.find((entry) => entry.name === outcome.image.name)
    if (report === undefined) throw new Error(`no report for ${outcome.image.name}`)
    report.registry = state
    report.seconds += (performance.now() - pushStarted) / 1000
  }

  for (const image of CATALOG_IMAGES) {
    const outcome = await ensureImage({
      docker,
      image,
      dependencyHashes: hashes,
      force: options.force ?? false,
      onProgress,
    })
    hashes.set(image.name, outcome.hash)
    outcomes.push(outcome)
    reports.push({
      name: image.name,
      reference: imageReference(image),
      action: outcome.action,
      registry: image.publish === 'registry' ? 'present' : 'host-only',
      seconds: outcome.seconds,
      sizeBytes: outcome.sizeBytes,
    })

    if (isRegistryImage(image)) {
      await ensureRegistryRunning({ docker, imageId: outcome.imageId, onProgress })
      registryRunning = true
      for (const waiting of awaitingPush.splice(0)) await push(waiting)
    }
    if (image.publish === 'registry') {
      if (registryRunning) await push(outcome)
      else awaitingPush.push(outcome)
    }
  }
  if (!registryRunning) throw new Error(`the catalog has no ${REGISTRY_IMAGE} entry`)

  await removeSupersededImages(docker, outcomes, onProgress)
  return {
    images: reports,
    seconds: (performance.now() - started) / 1000,
    totalSizeBytes: reports.reduce((total, report) => total + report.sizeBytes, 0),
  }
}

function isRegistryImage(image: CatalogImage): boolean {
  return image.tags.some((tag) => imageReference(image, tag) === REGISTRY_IMAGE)
}

/**
 * A rebuilt image leaves its predecessor untagged; remove it unless something still uses it
 * (a running workstation, for one), in which case the engine refuses and it stays.
 */
async function removeSupersededImages(
  docker: Dockerode,
  outcomes: readonly ImageOutcome[],
  onProgress: ProgressListener,
): Promise<void> {
  // Children first: an image built FROM an older base keeps that base alive until it goes.
  for (const outcome of [...outcomes].reverse()) {
    const superseded = outcome.supersededImageId
    if (superseded === undefined) continue
    try {
      await removeDanglingDescendants(docker, superseded)
      await docker.getImage(superseded).remove()
      onProgress({ step: `${outcome.image.name}: removed the previous image` })
    } catch (error) {
      onProgress({
        step: `${outcome.image.name}: kept the previous image (${errorMessage(error)})`,
      })
    }
  }
}

/**
 * Multi-stage builds leave their build stages as untagged images, which pin the base they were
 * built FROM; those of a superseded base are of no further use.
 */
async function removeDanglingDescendants(docker: Dockerode, ancestorId: string): Promise<void> {
  const dangling = await docker.listImages({ filters: { dangling: ['true'] } })
  for (const candidate of dangling) {
    if (candidate.Id === ancestorId) continue
    const history = await docker.getImage(candidate.Id).history()
    if (history.some((layer: { Id: string }) => layer.Id === ancestorId)) {
      await docker.getImage(candidate.Id).remove()
    }
  }
}
