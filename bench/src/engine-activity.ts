/**
 * @module What the host engine did in a stretch of time, from its event log: every terminal's bytes
 * pass through the host engine, so its other work (containers started, images built, networks
 * joined — by the benchmark or anyone else on the machine) is a suspect when echoes stall.
 */
import type Dockerode from 'dockerode'

interface EngineEvent {
  Type?: string
  Action?: string
  timeNano?: number
}

/** Kinds of event named; the rest are counted together. */
const MOST_KINDS = 4

/**
 * The host engine's events between two epoch times in milliseconds, the commonest kinds counted,
 * e.g. `12 events: container exec_start ×4, container start ×2 and 3 more kinds`; empty when there
 * were none.
 */
export async function engineActivity(host: Dockerode, fromMs: number, toMs: number): Promise<string> {
  const stream = await host.getEvents({ since: Math.floor(fromMs / 1000), until: Math.ceil(toMs / 1000) })
  let text = ''
  for await (const chunk of stream) text += String(chunk)
  const counts = new Map<string, number>()
  for (const line of text.split('\n')) {
    if (!line.trim()) continue
    const event = JSON.parse(line) as EngineEvent
    const atMs = (event.timeNano ?? 0) / 1e6
    if (atMs < fromMs || atMs > toMs) continue
    // exec_start carries the command after a colon; the kind is what matters here.
    const kind = `${event.Type ?? '?'} ${(event.Action ?? '?').split(':')[0]}`
    counts.set(kind, (counts.get(kind) ?? 0) + 1)
  }
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0)
  if (total === 0) return ''
  const commonest = [...counts].sort((a, b) => b[1] - a[1])
  const named = commonest.slice(0, MOST_KINDS).map(([kind, count]) => `${kind} ×${count}`)
  const rest = commonest.length - MOST_KINDS
  return `${total} events: ${named.join(', ')}${rest > 0 ? ` and ${rest} more kind${rest === 1 ? '' : 's'}` : ''}`
}
