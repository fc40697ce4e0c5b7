/**
 * @module What the 미리보기 tab shows: the ports the learner's containers publish
 * (`GET /api/sessions/:id/ports`) that can be previewed (TCP, with a `previewPath`), and which engine
 * events can change that list, so it is fetched again on those instead of on a timer.
 */
import type { StreamEvent } from '../session/engine-events.ts'

export interface PreviewPort {
  publicPort: number
  privatePort: number
  containerName: string
  /** `/preview/<session>/<port>/`, behind the preview cookie. */
  previewPath: string
}

/** The previewable ports of a `ports` answer; anything malformed is left out. */
export function previewPorts(body: unknown): PreviewPort[] {
  const ports = (body as { ports?: unknown } | undefined)?.ports
  if (!Array.isArray(ports)) return []
  return ports.flatMap((port: Record<string, unknown>) =>
    typeof port.previewPath === 'string' && typeof port.publicPort === 'number' && typeof port.privatePort === 'number'
      ? [{ publicPort: port.publicPort, privatePort: port.privatePort, containerName: String(port.containerName ?? ''), previewPath: port.previewPath }]
      : [],
  )
}

/**
 * Whether `event` may have changed what is published: a new snapshot (after connecting), or a
 * container starting or stopping. Pulls, image events and `exec` noise are not.
 */
export function mayChangePorts(event: StreamEvent): boolean {
  if (event.event === 'snapshot') return true
  if (event.event !== 'container') return false
  const action = (event.data as { action?: unknown } | undefined)?.action
  return typeof action === 'string' && ['start', 'die', 'stop', 'kill', 'destroy', 'pause', 'unpause', 'restart'].includes(action)
}
