/**
 * @module What the site's "내 환경" tab draws of a learner's inner engine, read through its Docker
 * API (never the CLI): every image with the steps that built it (oldest first), which of those steps
 * made a filesystem layer and which other images share that layer; and every container with its
 * lifecycle state.
 *
 * The engine's image history lists one entry per Dockerfile step but does not say which entries
 * made a layer; the image's `RootFS.Layers` lists the layers but not their steps. The two are paired
 * here: metadata steps (`ENV`, `CMD`, …) never make a layer, `RUN`/`COPY`/`ADD` and anything with a
 * size always do, and the undecided rest (`WORKDIR`, a `docker commit`) are layers only when the
 * counts say so. Two images share a layer when they share its chain id (the layer with everything
 * under it), which is how the engine stores layers once.
 */
import { createHash } from 'node:crypto'
import type Dockerode from 'dockerode'
import type { ContainerDetail, ImageDetail, ImageLayer, ImageStep } from '@docker-classroom/lessons/inventory'
import { ignoringStatus } from './docker/engine-errors.ts'

/** Dockerfile instructions that only change the image's configuration, never its files. */
const METADATA_INSTRUCTIONS = new Set([
  'ARG',
  'CMD',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
])
const FILE_INSTRUCTIONS = new Set(['RUN', 'COPY', 'ADD'])
const ALL_INSTRUCTIONS = new Set([...METADATA_INSTRUCTIONS, ...FILE_INSTRUCTIONS, 'WORKDIR', 'FROM'])

/**
 * The instruction a history entry came from. The classic builder records `/bin/sh -c #(nop)  CMD …`
 * for metadata and `/bin/sh -c <command>` (after `|N ARG=…` with build arguments) for `RUN`;
 * BuildKit records the instruction itself (`RUN /bin/sh -c <command>`) and appends `# buildkit`.
 */
export function instructionOf(createdBy: string): string {
  const text = createdBy.replace(/\s+# buildkit$/, '').trim()
  const noOperation = /^\/bin\/sh -c #\(nop\)\s+(.*)$/s.exec(text)
  if (noOperation) return noOperation[1]!.trim()
  const shell = /^(?:RUN )?(?:\|\d+ .*?)?\/bin\/sh -c (.*)$/s.exec(text)
  if (shell) return `RUN ${shell[1]!.trim()}`
  return text
}

type LayerKind = 'layer' | 'metadata' | 'undecided'

function layerKind(instruction: string, size: number): LayerKind {
  const keyword = /^[A-Za-z]+/.exec(instruction)?.[0]?.toUpperCase() ?? ''
  if (size > 0 || FILE_INSTRUCTIONS.has(keyword)) return 'layer'
  if (METADATA_INSTRUCTIONS.has(keyword)) return 'metadata'
  return 'undecided'
}

/**
 * Which of `kinds` made a layer, given that `layerCount` of them did: the undecided ones count as
 * layers oldest first until the count is reached. Null when no choice adds up.
 */
export function pairLayers(kinds: readonly LayerKind[], layerCount: number): boolean[] | null {
  const certain = kinds.filter((kind) => kind === 'layer').length
  const undecided = kinds.filter((kind) => kind === 'undecided').length
  let missing = layerCount - certain
  if (missing < 0 || missing > undecided) return null
  return kinds.map((kind) => {
    if (kind === 'layer') return true
    if (kind === 'metadata' || missing === 0) return false
    missing -= 1
    return true
  })
}

/** Chain ids of `diffIds` (OCI image spec): the first is its diff id, each next one hashes its parent's with its own. */
export function chainIds(diffIds: readonly string[]): string[] {
  const chain: string[] = []
  for (const diffId of diffIds) {
    const parent = chain.at(-1)
    chain.push(parent === undefined ? diffId : `sha256:${createHash('sha256').update(`${parent} ${diffId}`).digest('hex')}`)
  }
  return chain
}

const isoFromSeconds = (seconds: number | undefined): string | null =>
  seconds && seconds > 0 ? new Date(seconds * 1000).toISOString() : null

/** A name for an image in a list of who shares a layer: its first tag, or its short id. */
const displayName = (id: string, tags: readonly string[]): string => tags[0] ?? id.replace(/^sha256:/, '').slice(0, 12)

/** One entry of the engine's `GET /images/{name}/history`. */
interface HistoryEntry {
  Created?: number
  CreatedBy?: string
  Size: number
  Comment?: string
}

interface RawImage {
  id: string
  tags: string[]
  size: number
  created: string | null
  /** Oldest first. */
  history: HistoryEntry[]
  chain: string[]
}

/** The image with its history and layers; undefined when it was removed since it was listed. */
async function readImage(inner: Dockerode, image: Dockerode.ImageInfo): Promise<RawImage | undefined> {
  const handle = inner.getImage(image.Id)
  const read = await ignoringStatus([404], () => Promise.all([handle.inspect(), handle.history() as Promise<HistoryEntry[]>]))
  if (!read) return undefined
  const [inspect, history] = read
  return {
    id: image.Id,
    tags: (image.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>'),
    size: image.Size,
    created: isoFromSeconds(image.Created),
    // The engine answers newest first; a picture of a stack is read from its base.
    history: [...history].reverse(),
    chain: chainIds(inspect.RootFS?.Layers ?? []),
  }
}

/** The inner engine's images, newest first, each with its steps and layers. */
export async function listImageDetails(inner: Dockerode): Promise<ImageDetail[]> {
  const listed = await inner.listImages()
  // A learner's `docker rmi` may land between the list and the reads.
  const images = (await Promise.all(listed.map((image) => readImage(inner, image)))).filter((image) => image !== undefined)
  const holders = new Map<string, string[]>()
  for (const image of images) {
    for (const layer of new Set(image.chain)) {
      holders.set(layer, [...(holders.get(layer) ?? []), displayName(image.id, image.tags)])
    }
  }
  return images
    .map((image): ImageDetail => {
      const name = displayName(image.id, image.tags)
      const instructions = image.history.map((entry) => instructionOf(entry.CreatedBy ?? ''))
      const made = pairLayers(
        instructions.map((instruction, index) => layerKind(instruction, image.history[index]!.Size)),
        image.chain.length,
      )
      let nextLayer = 0
      const steps = image.history.map((entry, index): ImageStep => {
        const layerId = made?.[index] ? image.chain[nextLayer++] : undefined
        return {
          instruction: instructions[index]!,
          createdBy: entry.CreatedBy ?? '',
          created: isoFromSeconds(entry.Created),
          size: entry.Size,
          layer: layerId
            ? { id: layerId, sharedWith: (holders.get(layerId) ?? []).filter((holder) => holder !== name) }
            : null,
          comment: entry.Comment ?? '',
        }
      })
      return {
        id: image.id,
        tags: image.tags,
        size: image.size,
        created: image.created,
        layerCount: image.chain.length,
        layersMatched: made !== null,
        steps,
      }
    })
    .sort((a, b) => (b.created ?? '').localeCompare(a.created ?? ''))
}

/** The inner engine's containers in every state, newest first. */
export async function listContainerDetails(inner: Dockerode): Promise<ContainerDetail[]> {
  const containers = await inner.listContainers({ all: true })
  return containers
    .map((container) => ({
      id: container.Id,
      name: (container.Names[0] ?? '').replace(/^\//, ''),
      image: container.Image,
      state: container.State,
      created: isoFromSeconds(container.Created),
    }))
    .sort((a, b) => (b.created ?? '').localeCompare(a.created ?? ''))
}
