/**
 * @module Check helpers that look inside a built image without running it, and compare how two
 * builds share layers: which paths an image holds (through a throwaway container that is created,
 * never started, and removed), how many bottom layers two images share, the image's size, and the
 * order of its build steps as its history records them.
 */
import type Dockerode from 'dockerode'
import { collect, firstFileInTar, imageHistory, imageLayers, inspectImage, isNotFound } from './engine-state.ts'

/** Label on the throwaway containers, so a learner who spots one in `docker ps -a` sees what it is. */
const PROBE_LABEL = 'docker-classroom.check-probe'

/**
 * Creates a stopped container from `reference`, hands it to `use`, and removes it whatever happens.
 * Null when there is no such image. The container never starts: no network, no process, so a
 * learner's image cannot do anything during a check.
 */
async function withProbeContainer<T>(
  docker: Dockerode,
  reference: string,
  use: (container: Dockerode.Container) => Promise<T>,
): Promise<T | null> {
  let container: Dockerode.Container
  try {
    // A command of our own: an image without CMD or ENTRYPOINT could not be created otherwise.
    container = await docker.createContainer({
      Image: reference,
      Entrypoint: ['/probe-never-started'],
      Cmd: [],
      Labels: { [PROBE_LABEL]: 'true' },
      NetworkDisabled: true,
      HostConfig: { NetworkMode: 'none' },
    })
  } catch (error) {
    if (isNotFound(error)) return null
    throw error
  }
  try {
    return await use(container)
  } finally {
    await container.remove({ force: true, v: true })
  }
}

/** True when `path` (file or folder) exists in the image, false when not, null when there is no such image. */
export async function pathExistsInImage(docker: Dockerode, reference: string, path: string): Promise<boolean | null> {
  return withProbeContainer(docker, reference, async (container) => {
    try {
      const answer = (await container.infoArchive({ path })) as NodeJS.ReadableStream & { resume?: () => void }
      answer.resume?.()
      return true
    } catch (error) {
      if (isNotFound(error)) return false
      throw error
    }
  })
}

/** The text of the file `path` in the image, or null when the image or the file does not exist. */
export async function readFileInImage(docker: Dockerode, reference: string, path: string): Promise<string | null> {
  const text = await withProbeContainer(docker, reference, async (container) => {
    try {
      const stream = (await container.getArchive({ path })) as NodeJS.ReadableStream
      return firstFileInTar(await collect(stream))?.toString('utf8') ?? null
    } catch (error) {
      if (isNotFound(error)) return null
      throw error
    }
  })
  return text ?? null
}

/** How many bottom layers two images have in common (0 when either is missing). */
export async function sharedLayerCount(docker: Dockerode, reference: string, other: string): Promise<number> {
  const [a, b] = await Promise.all([imageLayers(docker, reference), imageLayers(docker, other)])
  if (!a || !b) return 0
  let shared = 0
  while (shared < a.length && shared < b.length && a[shared] === b[shared]) shared += 1
  return shared
}

/** True when `next` is `previous` rebuilt with only its top layer changed: every layer below was reused. */
export async function onlyTopLayerChanged(docker: Dockerode, previous: string, next: string): Promise<boolean> {
  const [a, b] = await Promise.all([imageLayers(docker, previous), imageLayers(docker, next)])
  if (!a || !b || a.length !== b.length || a.length < 2) return false
  return (await sharedLayerCount(docker, previous, next)) === a.length - 1
}

/** The image's size in bytes (all its layers, as `docker images` shows), or null when there is no such image. */
export async function imageSize(docker: Dockerode, reference: string): Promise<number | null> {
  return (await inspectImage(docker, reference))?.Size ?? null
}

/**
 * The build steps that made the image, oldest first, as their history records them (for example
 * `/bin/sh -c npm ci` or `COPY . . # buildkit`), or null when there is no such image.
 */
export async function buildSteps(docker: Dockerode, reference: string): Promise<string[] | null> {
  const history = await imageHistory(docker, reference)
  return history ? history.map((entry) => entry.CreatedBy).reverse() : null
}

/**
 * True when, among `steps`, some step matching `step` comes after one matching `before` and before
 * one matching `after` — e.g. the dependency install after copying package.json and before copying
 * the source.
 */
export function stepBetween(steps: readonly string[], before: RegExp, step: RegExp, after: RegExp): boolean {
  return steps.some(
    (candidate, index) =>
      step.test(candidate) &&
      steps.slice(0, index).some((earlier) => before.test(earlier)) &&
      steps.slice(index + 1).some((later) => after.test(later)),
  )
}
