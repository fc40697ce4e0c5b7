/**
 * @module build
 * Makes one catalog image current on the host engine: hashes its definition, reuses the image
 * whose label carries that hash, otherwise builds it (Dockerfile build, or a root filesystem
 * imported from debootstrap or busybox) and tags it with all its tags.
 */
import { readFile } from 'node:fs/promises'
import type Dockerode from 'dockerode'
import type { Readable } from 'node:stream'
import { busyboxRootfsTar } from './busybox-rootfs.ts'
import { imageReference, primaryTag } from './catalog-images.ts'
import type { CatalogImage, ImageSource } from './catalog-images.ts'
import { prepareDebianRootfs } from './debian-rootfs.ts'
import { definitionDirectory, hashDefinition, readDefinitionFiles } from './definition.ts'
import type { DefinitionFile } from './definition.ts'
import { followDockerStream } from './docker-stream.ts'
import { errorMessage, inspectImage, type ProgressListener } from './engine.ts'
import { LABEL_CATALOG_HASH, LABEL_ROLE, ROLE_CATALOG } from './names.ts'
import { addDirectoryTree, addEntry, tarStream } from './rootfs-tar.ts'

export interface ImageOutcome {
  image: CatalogImage
  hash: string
  imageId: string
  action: 'built' | 'reused'
  seconds: number
  sizeBytes: number
  /** The image this build replaced, to remove once nothing refers to it. */
  supersededImageId?: string
}

/** Files under `rootfs/` in a definition folder are laid over an imported root filesystem. */
const ROOTFS_OVERLAY_PREFIX = 'rootfs/'

export async function ensureImage(options: {
  docker: Dockerode
  image: CatalogImage
  dependencyHashes: ReadonlyMap<string, string>
  force: boolean
  onProgress: ProgressListener
}): Promise<ImageOutcome> {
  const { docker, image, onProgress } = options
  const started = performance.now()
  const files = await readDefinitionFiles(definitionDirectory(image))
  const hash = hashDefinition({
    image,
    files,
    dependencyHashes: options.dependencyHashes,
    builderInputs: await builderInputs(image.source),
  })

  const existing = await inspectImage(docker, imageReference(image))
  const current = existing?.Config.Labels?.[LABEL_CATALOG_HASH] === hash
  if (current && !options.force) {
    await tagAll(docker, existing.Id, image)
    onProgress({ step: `${image.name}: current`, detail: hash.slice(0, 12) })
    return outcome('reused', existing)
  }

  const labels = { [LABEL_CATALOG_HASH]: hash, [LABEL_ROLE]: ROLE_CATALOG }
  const source = image.source
  if (source.kind === 'dockerfile') {
    await buildFromDockerfile({ docker, image, files, labels, force: options.force, onProgress })
  } else {
    const overlayFiles = files
      .filter((file) => file.relativePath.startsWith(ROOTFS_OVERLAY_PREFIX))
      .map((file) => ({
        ...file,
        relativePath: file.relativePath.slice(ROOTFS_OVERLAY_PREFIX.length),
      }))
    const changes = [
      ...source.changes,
      ...Object.entries(labels).map(([k, v]) => `LABEL ${k}=${v}`),
    ]
    if (source.kind === 'debootstrap') {
      onProgress({ step: `${image.name}: debootstrap ${source.suite}` })
      const rootfs = await prepareDebianRootfs({
        spec: source,
        overlayFiles,
        onOutput: (line) =>
          onProgress({ step: `${image.name}: debootstrap ${source.suite}`, detail: line }),
      })
      try {
        const archive = tarStream((pack) => addDirectoryTree(pack, rootfs.directory))
        await importRootfs({ docker, image, archive, changes, onProgress })
      } finally {
        await rootfs.remove()
      }
    } else {
      const archive = await busyboxRootfsTar(source.binary, overlayFiles)
      await importRootfs({ docker, image, archive, changes, onProgress })
    }
  }

  const built = await inspectImage(docker, imageReference(image))
  if (built === undefined)
    throw new Error(`${imageReference(image)} is missing right after its build`)
  await tagAll(docker, built.Id, image)
  const superseded = existing !== undefined && existing.Id !== built.Id ? existing.Id : undefined
  return { ...outcome('built', built), ...(superseded ? { supersededImageId: superseded } : {}) }

  function outcome(action: ImageOutcome['action'], info: Dockerode.ImageInspectInfo): ImageOutcome {
    const seconds = (performance.now() - started) / 1000
    return { image, hash, imageId: info.Id, action, seconds, sizeBytes: info.Size }
  }
}

/** What a rootfs builder copies from outside the definition folder, or does by its own code. */
async function builderInputs(source: ImageSource): Promise<Buffer[]> {
  switch (source.kind) {
    case 'dockerfile':
      return []
    case 'debootstrap':
      return [await readFile(new URL('./debian-rootfs.ts', import.meta.url))]
    case 'busybox-static':
      return [
        await readFile(new URL('./busybox-rootfs.ts', import.meta.url)),
        await readFile(source.binary),
      ]
  }
}

async function tagAll(docker: Dockerode, imageId: string, image: CatalogImage): Promise<void> {
  for (const tag of image.tags) {
    const existing = await inspectImage(docker, imageReference(image, tag))
    if (existing?.Id !== imageId)
      await docker.getImage(imageId).tag({ repo: image.repository, tag })
  }
}

async function buildFromDockerfile(options: {
  docker: Dockerode
  image: CatalogImage
  files: readonly DefinitionFile[]
  labels: Record<string, string>
  force: boolean
  onProgress: ProgressListener
}): Promise<void> {
  const { docker, image, onProgress } = options
  const step = `${image.name}: build`
  onProgress({ step })
  const context = tarStream(async (pack) => {
    for (const file of options.files) {
      await addEntry(pack, { name: file.relativePath, mode: file.mode, type: 'file' }, file.content)
    }
  })
  const stream = await docker.buildImage(context, {
    t: imageReference(image),
    labels: options.labels,
    rm: true,
    forcerm: true,
    // --force means rebuild from the Debian mirror, not from the engine's layer cache.
    nocache: options.force,
  })
  await followDockerStream(stream, (message) => {
    const line = message.stream?.trimEnd()
    if (line) onProgress({ step, detail: line })
  }).catch((error: unknown) => {
    throw new Error(`building ${imageReference(image)} failed: ${errorMessage(error)}`)
  })
}

async function importRootfs(options: {
  docker: Dockerode
  image: CatalogImage
  archive: Readable
  changes: readonly string[]
  onProgress: ProgressListener
}): Promise<void> {
  const { docker, image } = options
  options.onProgress({ step: `${image.name}: import` })
  const stream = await docker.importImage(options.archive, {
    repo: image.repository,
    tag: primaryTag(image),
    changes: options.changes,
  })
  await followDockerStream(stream).catch((error: unknown) => {
    throw new Error(`importing ${imageReference(image)} failed: ${errorMessage(error)}`)
  })
}
