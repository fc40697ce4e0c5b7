/**
 * @module What the site draws of a learner's inner engine: its containers and images now, the
 * container and image events from now on, and the ports its containers publish. Plain shapes
 * (`provider.ts`), so the site never sees Docker's API spelling.
 */
import type { Readable } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'
import type Dockerode from 'dockerode'
import type { EngineEvent, EngineSnapshot, PublishedPort } from '../provider.ts'

/** One line of the engine's `/events` stream (API ≥ 1.22 spelling). */
interface RawEngineEvent {
  Type?: string
  Action?: string
  Actor?: { ID?: string; Attributes?: Record<string, string> }
  time?: number
  timeNano?: number
}

/** The inner engine's containers (all states) and images. */
export async function engineSnapshot(inner: Dockerode): Promise<EngineSnapshot> {
  const [containers, images] = await Promise.all([inner.listContainers({ all: true }), inner.listImages()])
  return {
    containers: containers.map((container) => ({
      id: container.Id,
      name: (container.Names[0] ?? '').replace(/^\//, ''),
      image: container.Image,
      state: container.State,
    })),
    images: images.map((image) => ({
      id: image.Id,
      tags: (image.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>'),
    })),
  }
}

function toEngineEvent({ Type, Action = '', Actor = {}, time = 0, timeNano }: RawEngineEvent): EngineEvent {
  const attributes = Actor.Attributes ?? {}
  const type = Type === 'image' ? 'image' : 'container'
  // A container event names the container and its image; an image event names the image.
  const name = type === 'container' ? attributes.name : undefined
  const image = type === 'container' ? attributes.image : attributes.name
  return {
    type,
    action: Action,
    id: Actor.ID ?? '',
    ...(name !== undefined ? { name } : {}),
    ...(image !== undefined ? { image } : {}),
    time: timeNano !== undefined ? Math.floor(timeNano / 1e6) : time * 1000,
  }
}

/** The event on one line of the stream; undefined for a blank or garbled line. */
function parseEventLine(line: string): EngineEvent | undefined {
  try {
    return line.trim() === '' ? undefined : toEngineEvent(JSON.parse(line) as RawEngineEvent)
  } catch {
    return undefined
  }
}

/**
 * The inner engine's container and image events until `signal` aborts or the engine goes away
 * (its workstation was removed: the socket is reset). `inner` must have no request timeout: the
 * stream idles. Rejects only when the stream cannot be opened.
 */
export async function* engineEvents(inner: Dockerode, signal: AbortSignal): AsyncGenerator<EngineEvent> {
  if (signal.aborted) return
  const stream = (await inner.getEvents({
    filters: { type: ['container', 'image'] },
    abortSignal: signal,
  })) as unknown as Readable
  const stop = (): void => void stream.destroy()
  signal.addEventListener('abort', stop, { once: true })
  const decoder = new StringDecoder('utf8')
  let pending = ''
  try {
    for await (const chunk of stream) {
      const lines = (pending + decoder.write(chunk as Buffer)).split('\n')
      pending = lines.pop() ?? ''
      for (const line of lines) {
        const event = parseEventLine(line)
        if (event) yield event
      }
    }
  } catch {
    // An aborted or reset stream is the end of the events, not a failure.
  } finally {
    signal.removeEventListener('abort', stop)
    stream.destroy()
  }
}

/** Ports the inner engine's running containers publish; one row per port, IPv4 and IPv6 merged. */
export async function publishedPorts(inner: Dockerode): Promise<PublishedPort[]> {
  const rows = new Map<string, PublishedPort>()
  for (const container of await inner.listContainers()) {
    for (const port of container.Ports) {
      if (!port.PublicPort) continue
      const protocol = port.Type === 'udp' || port.Type === 'sctp' ? port.Type : 'tcp'
      rows.set(`${container.Id}/${port.PublicPort}/${protocol}`, {
        containerId: container.Id,
        containerName: (container.Names[0] ?? '').replace(/^\//, ''),
        privatePort: port.PrivatePort,
        publicPort: port.PublicPort,
        protocol,
      })
    }
  }
  return [...rows.values()].sort((a, b) => a.publicPort - b.publicPort)
}
