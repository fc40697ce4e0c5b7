/**
 * @module What `GET /api/sessions/:id/images` and `…/containers` answer: the server reads it from a
 * learner's inner engine (`sandbox-server/src/sandbox/engine-inventory.ts`), the site's "내 환경" tab
 * draws it. Types only, shared so the two cannot drift apart.
 */

/** One step of an image's history, oldest first. */
export interface ImageStep {
  /** The Dockerfile instruction as a learner would write it (`RUN apt-get …`, `CMD ["nginx"]`); empty for an imported base. */
  instruction: string
  /** What the engine recorded, unchanged. */
  createdBy: string
  /** ISO-8601; null when the engine does not know. */
  created: string | null
  /** Bytes the step added. */
  size: number
  /** The layer the step made; null for a metadata-only step, or when steps and layers could not be paired. */
  layer: ImageLayer | null
  /** A `docker commit -m` message, for example. */
  comment: string
}

export interface ImageLayer {
  /** Chain id: identifies this layer together with every layer under it. */
  id: string
  /** Names of the other images that contain this very layer. */
  sharedWith: string[]
}

export interface ImageDetail {
  id: string
  /** `repository:tag` names; empty for a dangling image. */
  tags: string[]
  /** Bytes, layers shared with other images included. */
  size: number
  created: string | null
  /** How many filesystem layers the image has. */
  layerCount: number
  /** False when the history could not be matched to the layers: then no step names its layer. */
  layersMatched: boolean
  /** Oldest first. */
  steps: ImageStep[]
}

export interface ContainerDetail {
  id: string
  /** Without the leading `/`. */
  name: string
  image: string
  /** `created`, `running`, `paused`, `restarting`, `exited`, `removing` or `dead`, as the engine says. */
  state: string
  created: string | null
}
