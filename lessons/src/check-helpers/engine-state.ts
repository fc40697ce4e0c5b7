/**
 * @module Typed check helpers that read an engine's state through the Docker API: image ids, layers
 * and history, a container's state, environment, output and files, and container events. Each
 * returns null (or false) when the thing asked about does not exist, so a condition can simply
 * compare the answer.
 */
import type Dockerode from 'dockerode'
import { findContainer } from './containers.ts'

export type ImageDetails = Awaited<ReturnType<Dockerode.Image['inspect']>>
export type ContainerStateDetails = NonNullable<Awaited<ReturnType<typeof findContainer>>>['State']

/** One entry of `GET /images/{name}/history`, newest first. */
export interface ImageHistoryEntry {
  Id: string
  Created: number
  CreatedBy: string
  Tags: string[] | null
  Size: number
  Comment: string
}

/** True when the engine answered 404 (no such image, container, volume or path). */
export function isNotFound(error: unknown): boolean {
  return (error as { statusCode?: number } | null)?.statusCode === 404
}

/** `GET /images/{reference}/json`, or null when the engine has no such image. */
export async function inspectImage(docker: Dockerode, reference: string): Promise<ImageDetails | null> {
  try {
    return await docker.getImage(reference).inspect()
  } catch (error) {
    if (isNotFound(error)) return null
    throw error
  }
}

/** The image id ("sha256:…") that `reference` (e.g. "nginx", "myorg/web:1.0") names, or null. */
export async function imageIdOf(docker: Dockerode, reference: string): Promise<string | null> {
  return (await inspectImage(docker, reference))?.Id ?? null
}

/** True when both references exist and name the very same image. */
export async function sameImage(docker: Dockerode, reference: string, other: string): Promise<boolean> {
  const [a, b] = await Promise.all([imageIdOf(docker, reference), imageIdOf(docker, other)])
  return a !== null && a === b
}

/** The image's layer digests (`RootFS.Layers`), bottom first, or null when there is no such image. */
export async function imageLayers(docker: Dockerode, reference: string): Promise<string[] | null> {
  const image = await inspectImage(docker, reference)
  return image ? [...(image.RootFS?.Layers ?? [])] : null
}

/** True when `layers` starts with every layer of `base`, i.e. the image is built on top of it. */
export function startsWithLayers(layers: readonly string[], base: readonly string[]): boolean {
  return base.length > 0 && base.length <= layers.length && base.every((layer, index) => layers[index] === layer)
}

/** `GET /images/{reference}/history` (newest step first), or null when there is no such image. */
export async function imageHistory(docker: Dockerode, reference: string): Promise<ImageHistoryEntry[] | null> {
  try {
    return (await docker.getImage(reference).history()) as ImageHistoryEntry[]
  } catch (error) {
    if (isNotFound(error)) return null
    throw error
  }
}

/** The container's `State` (Status, Running, Paused, ExitCode…), or null when there is no such container. */
export async function containerState(docker: Dockerode, name: string): Promise<ContainerStateDetails | null> {
  return (await findContainer(docker, name))?.State ?? null
}

/** "KEY=value" lines → { KEY: "value" }; a line without "=" maps to "". */
export function parseEnv(lines: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {}
  for (const line of lines) {
    const equals = line.indexOf('=')
    if (equals === -1) env[line] = ''
    else env[line.slice(0, equals)] = line.slice(equals + 1)
  }
  return env
}

/** The container's environment (`Config.Env`, image defaults included), or null when there is no such container. */
export async function containerEnv(docker: Dockerode, name: string): Promise<Record<string, string> | null> {
  const container = await findContainer(docker, name)
  return container ? parseEnv(container.Config.Env ?? []) : null
}

/**
 * Joins the payloads of a multiplexed attach/logs stream (8-byte headers: stream, 0, 0, 0, size).
 * Returns the input unchanged when it does not look multiplexed.
 */
export function demuxDockerStream(data: Buffer): Buffer {
  const parts: Buffer[] = []
  let offset = 0
  while (offset < data.length) {
    const header = data.subarray(offset, offset + 8)
    const stream = header[0]
    if (header.length < 8 || (stream !== 0 && stream !== 1 && stream !== 2) || header[1] || header[2] || header[3]) {
      return data
    }
    const size = header.readUInt32BE(4)
    parts.push(data.subarray(offset + 8, offset + 8 + size))
    offset += 8 + size
  }
  return Buffer.concat(parts)
}

/** Reads a stream to its end, into one buffer. */
export async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
  return Buffer.concat(chunks)
}

/** Everything the container wrote to stdout and stderr (as `docker logs` shows), or null when there is no such container. */
export async function containerOutput(docker: Dockerode, name: string): Promise<string | null> {
  const container = await findContainer(docker, name)
  if (!container) return null
  const answer: unknown = await docker.getContainer(container.Id).logs({ stdout: true, stderr: true, follow: false })
  const raw = Buffer.isBuffer(answer) ? answer : Buffer.from(String(answer ?? ''))
  return (container.Config.Tty ? raw : demuxDockerStream(raw)).toString('utf8')
}

/**
 * The content of the first entry of a tar archive when that entry is a regular file (extended
 * headers skipped), or null when the archive is empty or starts with a directory, link…
 */
export function firstFileInTar(tar: Buffer): Buffer | null {
  let offset = 0
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512)
    if (header.every((byte) => byte === 0)) return null
    const size = parseInt(header.subarray(124, 136).toString('latin1').replace(/\0.*$/s, '').trim() || '0', 8)
    const type = String.fromCharCode(header[156] ?? 0)
    const body = offset + 512
    if (type === '0' || type === '\0') return tar.subarray(body, body + size)
    if (!'xgLK'.includes(type)) return null
    offset = body + Math.ceil(size / 512) * 512
  }
  return null
}

/**
 * Reads a file inside a container (running, paused or stopped) through `GET /containers/{id}/archive`,
 * as `docker cp` does; null when the container or the file does not exist or the path is not a file.
 */
export async function readFileInContainer(docker: Dockerode, name: string, filePath: string): Promise<string | null> {
  const container = await findContainer(docker, name)
  if (!container) return null
  try {
    const stream = (await docker.getContainer(container.Id).getArchive({ path: filePath })) as NodeJS.ReadableStream
    return firstFileInTar(await collect(stream))?.toString('utf8') ?? null
  } catch (error) {
    if (isNotFound(error)) return null
    throw error
  }
}

/** One event of `GET /events`. */
export interface EngineEvent {
  Type: string
  Action: string
  Actor: { ID: string; Attributes: Record<string, string> }
  time: number
}

/** Past events of the engine up to now (the engine keeps its most recent events only). */
export async function pastEvents(
  docker: Dockerode,
  filters: NonNullable<Dockerode.GetEventsOptions['filters']>,
): Promise<EngineEvent[]> {
  const until = Date.now() / 1000
  const stream = (await docker.getEvents({ since: 0, until, filters })) as unknown as NodeJS.ReadableStream
  const text = (await collect(stream)).toString('utf8')
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as EngineEvent)
}

/**
 * True when the container now called `name` was renamed from `oldName` (`docker rename oldName name`).
 * The engine keeps a bounded event log in memory (and none across its restarts): when the log no
 * longer reaches back to the container's creation, the rename cannot be disproved, so it counts.
 */
export async function wasRenamedFrom(docker: Dockerode, name: string, oldName: string): Promise<boolean> {
  const container = await findContainer(docker, name)
  if (!container) return false
  const events = await pastEvents(docker, { type: ['container'], event: ['create', 'rename'], container: [container.Id] })
  const renamed = events.some(
    (event) => event.Action === 'rename' && event.Actor.Attributes['oldName']?.replace(/^\//, '') === oldName,
  )
  const logReachesCreation = events.some((event) => event.Action === 'create')
  return renamed || !logReachesCreation
}
