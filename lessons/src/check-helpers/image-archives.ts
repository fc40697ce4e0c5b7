/**
 * @module Check helpers about images moved without a registry: what an image archive made by
 * `docker save` holds (read in the workstation with `tar`, as an argument vector), and whether the
 * engine's image was loaded from such an archive after its earlier copy was removed.
 */
import type Dockerode from 'dockerode'
import type { CheckContext } from '../checks.ts'
import { imageIdOf, inspectImage, pastEvents } from './engine-state.ts'

/** One image of an archive's `manifest.json`. */
export interface ArchivedImage {
  /** The image's config file in the archive, `<id hex>.json` (or `blobs/sha256/<hex>` in the OCI layout). */
  Config: string
  /** The names saved with the image; null when it was saved by id. */
  RepoTags: string[] | null
  Layers: string[]
}

/**
 * The images listed in the archive at `archivePath` in the workstation, or null when there is no
 * such file or it is not an image archive.
 */
export async function imageArchiveManifest(ctx: CheckContext, archivePath: string): Promise<ArchivedImage[] | null> {
  const result = await ctx.exec(['tar', '-xOf', archivePath, 'manifest.json'])
  if (result.exitCode !== 0) return null
  try {
    const manifest: unknown = JSON.parse(result.stdout)
    return Array.isArray(manifest) ? (manifest as ArchivedImage[]) : null
  } catch {
    return null
  }
}

/** The image id hex an archive entry's `Config` names: "abc….json" and "blobs/sha256/abc…" → "abc…". */
export const archivedImageId = (entry: ArchivedImage): string =>
  entry.Config.replace(/^blobs\/sha256\//, '').replace(/\.json$/, '')

/**
 * True when the archive at `archivePath` holds the image `reference` under that name, and it is
 * the very image the engine has under that name now (same id), not an older build.
 */
export async function archiveHoldsImage(
  ctx: CheckContext,
  archivePath: string,
  reference: string,
): Promise<boolean> {
  const [manifest, id] = await Promise.all([imageArchiveManifest(ctx, archivePath), imageIdOf(ctx.docker, reference)])
  if (!manifest || !id) return false
  return manifest.some(
    (entry) => (entry.RepoTags ?? []).includes(reference) && `sha256:${archivedImageId(entry)}` === id,
  )
}

/**
 * True when the engine's image `reference` was loaded (`docker load`) after the engine had removed
 * it: an `untag` or `delete` event of the same image id comes before a `load`. The engine keeps a
 * bounded event log in memory; when it holds no event of this image at all any more, the image's
 * own record decides: a loaded image has no parent, an image built here by the classic builder has.
 */
export async function loadedAfterRemoval(docker: Dockerode, reference: string): Promise<boolean> {
  const image = await inspectImage(docker, reference)
  if (!image) return false
  const events = (await pastEvents(docker, { type: ['image'] })).filter((event) => event.Actor.ID === image.Id)
  if (events.length === 0) return !image.Parent
  const removedAt = events.findIndex((event) => event.Action === 'untag' || event.Action === 'delete')
  return removedAt !== -1 && events.slice(removedAt + 1).some((event) => event.Action === 'load')
}
