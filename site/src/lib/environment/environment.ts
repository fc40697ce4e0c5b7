/**
 * @module The live model behind the "내 환경" tab: follows the page's session's engine through the
 * events stream (`followEngineEvents`) and keeps the containers on the lifecycle picture and the
 * images with their layers. Nothing polls: a container moves as soon as its event arrives, and the
 * full lists (`GET …/containers`, `…/images`) are asked for again only after events, once a burst of
 * them settles (a `docker build` asks once, not per step). A replaced session starts a clean picture.
 */
import type { ImageDetail } from '@docker-classroom/lessons/inventory'
import { createStore, type Store } from '../store.ts'
import { followEngineEvents, type FollowOptions, type StreamEvent } from '../session/engine-events.ts'
import type { SessionStore } from '../session/session-store.ts'
import { applyEvent, reconcile, type ContainerCard, type ContainerEvent, type EngineContainer, type Stage } from './lifecycle.ts'

/** The last move of a container, for the live announcement. */
export interface LastMove {
  name: string
  from: Stage | null
  to: Stage
}

export interface EnvironmentState {
  /** `connecting` until the first snapshot of the current session, then `live`. */
  status: 'connecting' | 'live'
  containers: ContainerCard[]
  /** Null until the first answer. */
  images: ImageDetail[] | null
  lastMove: LastMove | null
}

/** Wait after an event before asking for the full lists. */
export const SETTLE_MS = 300

export interface EnvironmentOptions {
  sessions: Pick<SessionStore, 'ensure' | 'state' | 'request'>
  follow?: FollowOptions
  /** Timers; the browser's by default. */
  setTimer?: (callback: () => void, ms: number) => unknown
  clearTimer?: (timer: unknown) => void
}

export interface Environment {
  state: Store<EnvironmentState>
  /** Starts following the engine; returns the function that stops it. */
  start(): () => void
}

const INITIAL: EnvironmentState = { status: 'connecting', containers: [], images: null, lastMove: null }

function lastMoveOf(before: ContainerCard[], after: ContainerCard[]): LastMove | null {
  for (const card of after) {
    const previous = before.find((candidate) => candidate.id === card.id)
    if (!previous || previous.stage !== card.stage) return { name: card.name, from: previous?.stage ?? null, to: card.stage }
  }
  return null
}

export function createEnvironment({
  sessions,
  follow,
  setTimer = (callback, ms) => setTimeout(callback, ms),
  clearTimer = (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
}: EnvironmentOptions): Environment {
  const state = createStore<EnvironmentState>(INITIAL)
  const update = (change: Partial<EnvironmentState>) => state.set({ ...state.get(), ...change })

  /** Sets the containers; `announce` names the first one that moved as the last move. */
  function setContainers(next: ContainerCard[], announce = true): void {
    const current = state.get().containers
    if (next === current) return
    update({ containers: next, lastMove: (announce && lastMoveOf(current, next)) || state.get().lastMove })
  }

  function start(): () => void {
    let stopped = false
    let sessionId: string | null = null
    const timers = new Map<'images' | 'containers', unknown>()

    /** Asks for a full list SETTLE_MS after the last event that called for it; answers of an old session are dropped. */
    function refetch(list: 'images' | 'containers'): void {
      if (timers.has(list)) clearTimer(timers.get(list))
      const forSession = sessionId
      timers.set(
        list,
        setTimer(() => {
          timers.delete(list)
          sessions.request('GET', list).then(
            (answer) => {
              if (stopped || forSession !== sessionId) return
              if (list === 'images') update({ images: (answer as { images: ImageDetail[] }).images })
              else setContainers(reconcile(state.get().containers, (answer as { containers: EngineContainer[] }).containers))
            },
            // A lost session or server: the stream reconnects, and its snapshot asks again.
            () => {},
          )
        }, SETTLE_MS),
      )
    }

    function onEvent({ event, data }: StreamEvent): void {
      if (stopped || typeof data !== 'object' || data === null) return
      if (event === 'snapshot') {
        const { containers = [] } = data as { containers?: EngineContainer[] }
        const session = sessions.state.get()
        const current = session.status === 'ready' ? session.session.id : null
        // A new session's engine is a new picture; a reconnect to the same one keeps what moved.
        if (current !== sessionId) state.set(INITIAL)
        sessionId = current
        update({ status: 'live' })
        // What was there before the picture opened is not news to announce.
        setContainers(reconcile(state.get().containers, containers), false)
        refetch('images')
      } else if (event === 'container') {
        const change = data as ContainerEvent
        setContainers(applyEvent(state.get().containers, change))
        refetch('containers')
        // A commit makes an image; each step of a classic build is a container that ends in one.
        if (change.action === 'commit' || change.action === 'destroy') refetch('images')
      } else if (event === 'image') {
        refetch('images')
      }
    }

    const unfollow = followEngineEvents(sessions, onEvent, follow)
    return () => {
      stopped = true
      unfollow()
      for (const timer of timers.values()) clearTimer(timer)
    }
  }

  return { state, start }
}
