/**
 * @module The container lifecycle the "내 환경" picture draws: created → running ⇄ paused → exited →
 * removed. Maps the engine's container states (snapshot, `GET …/containers`) and its events
 * (`create`, `start`, `pause`, …) onto those five stages, and keeps the page's list of containers
 * up to date from both, remembering the last few removed ones so the learner sees where they went.
 *
 * The classic builder runs each `RUN` of a `docker build` in a container of its own, made from the
 * previous step's image by its full id (`sha256:…`); those are the build's, not the learner's, and
 * are left off the picture. A learner who runs an image by id types a short one.
 */
import type { ContainerDetail } from '@docker-classroom/lessons/inventory'

export const STAGES = ['created', 'running', 'paused', 'exited', 'removed'] as const
export type Stage = (typeof STAGES)[number]

/** A container as the engine reports it in the snapshot or the containers list. */
export type EngineContainer = Pick<ContainerDetail, 'id' | 'name' | 'image' | 'state'>

/** A container event of the events stream. */
export interface ContainerEvent {
  action: string
  id: string
  name?: string
  image?: string
}

/** A container on the picture. */
export interface ContainerCard {
  id: string
  name: string
  image: string
  stage: Stage
  /** The stage it moved from last; null when it appeared where it is. */
  from: Stage | null
}

/** Removed containers kept on the picture, newest last. */
export const REMOVED_KEPT = 5

/** The stage of an engine state (`restarting` counts as running, `dead` as exited). */
export function stageOfState(state: string): Stage {
  switch (state) {
    case 'running':
    case 'restarting':
      return 'running'
    case 'paused':
      return 'paused'
    case 'exited':
    case 'dead':
      return 'exited'
    case 'removing':
      return 'removed'
    default:
      return 'created'
  }
}

/** The stage an event moves a container to; null for events that do not change it (`kill`, `attach`, `exec_start`, …). */
export function stageAfterAction(action: string): Stage | null {
  switch (action) {
    case 'create':
      return 'created'
    case 'start':
    case 'unpause':
    case 'restart':
      return 'running'
    case 'pause':
      return 'paused'
    case 'die':
      return 'exited'
    case 'destroy':
      return 'removed'
    default:
      return null
  }
}

/** Whether a container is a step of a classic `docker build` (see the module comment). */
export function isBuildStep(image: string | undefined): boolean {
  return /^sha256:[0-9a-f]{64}$/.test(image ?? '')
}

/** At most REMOVED_KEPT removed cards, the most recent ones, after the live ones (order kept). */
function trimRemoved(cards: ContainerCard[]): ContainerCard[] {
  const removed = cards.filter((card) => card.stage === 'removed')
  const dropped = new Set(removed.slice(0, Math.max(0, removed.length - REMOVED_KEPT)).map((card) => card.id))
  return cards.filter((card) => !dropped.has(card.id))
}

function moved(card: ContainerCard, stage: Stage): ContainerCard {
  return card.stage === stage ? card : { ...card, stage, from: card.stage }
}

/** `cards` after an engine event; the same array when nothing changed. */
export function applyEvent(cards: ContainerCard[], event: ContainerEvent): ContainerCard[] {
  const stage = stageAfterAction(event.action)
  if (!stage) return cards
  const existing = cards.find((card) => card.id === event.id)
  if (!existing) {
    if (isBuildStep(event.image)) return cards
    // A removed container never seen alive (it came and went while the stream was away) is not news.
    if (stage === 'removed') return cards
    return trimRemoved([...cards, { id: event.id, name: event.name ?? event.id.slice(0, 12), image: event.image ?? '', stage, from: null }])
  }
  if (existing.stage === stage) return cards
  // Removed ones move to the end, so the kept ones are the most recent.
  const rest = cards.filter((card) => card.id !== event.id)
  const next = moved({ ...existing, name: event.name ?? existing.name }, stage)
  return trimRemoved(stage === 'removed' ? [...rest, next] : cards.map((card) => (card.id === event.id ? next : card)))
}

/**
 * `cards` brought in line with the engine's full list (a snapshot or `GET …/containers`): known
 * containers take the engine's stage, new ones are added, and live ones the engine no longer has
 * are removed. The engine lists newest first; the picture keeps the order containers appeared in.
 */
export function reconcile(cards: ContainerCard[], engine: readonly EngineContainer[]): ContainerCard[] {
  const byId = new Map(engine.map((container) => [container.id, container]))
  const next = cards.map((card) => {
    const listed = byId.get(card.id)
    if (listed) return moved(card, stageOfState(listed.state))
    return card.stage === 'removed' ? card : moved(card, 'removed')
  })
  const known = new Set(cards.map((card) => card.id))
  for (const container of [...engine].reverse()) {
    if (!known.has(container.id) && !isBuildStep(container.image)) {
      next.push({ id: container.id, name: container.name, image: container.image, stage: stageOfState(container.state), from: null })
    }
  }
  return trimRemoved(next)
}
