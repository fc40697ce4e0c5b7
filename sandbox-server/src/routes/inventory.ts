/**
 * @module `GET /api/sessions/:id/images` and `GET /api/sessions/:id/containers`: what the learner's
 * inner engine holds, read through its API, for the site's "내 환경" pictures (image layers and the
 * container lifecycle). The site fetches them once and again after an engine event of the events
 * stream, never on a timer. Answers are parsed with the schemas the OpenAPI document shows.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { SandboxError } from '../errors.ts'
import { runningSandbox } from '../middleware/running-sandbox/index.ts'
import { sessionAuth } from '../middleware/session-auth/index.ts'
import { validate } from '../middleware/validate/index.ts'
import { listContainerDetails, listImageDetails } from '../sandbox/engine-inventory.ts'
import type { SandboxProvider } from '../sandbox/provider.ts'
import type { SessionManager } from '../sessions/session-manager.ts'
import { SessionParamsSchema } from './sessions.ts'

const isoOrNull = () => z.iso.datetime().nullable()

/** `GET /api/sessions/:id/images`. */
export const ImagesAnswerSchema = () =>
  z.object({
    images: z.array(
      z.object({
        id: z.string(),
        tags: z.array(z.string()),
        size: z.number().int().nonnegative().describe('bytes, shared layers included'),
        created: isoOrNull(),
        layerCount: z.number().int().nonnegative(),
        layersMatched: z.boolean().describe('false when the history could not be paired with the layers'),
        steps: z
          .array(
            z.object({
              instruction: z.string().describe('the Dockerfile instruction, e.g. RUN apt-get …'),
              createdBy: z.string().describe("the engine's own record"),
              created: isoOrNull(),
              size: z.number().int().nonnegative(),
              layer: z
                .object({
                  id: z.string().describe('chain id'),
                  sharedWith: z.array(z.string()).describe('other images holding this very layer'),
                })
                .nullable()
                .describe('null for a step that changed only metadata'),
              comment: z.string(),
            }),
          )
          .describe('oldest first'),
      }),
    ),
  })

/** `GET /api/sessions/:id/containers`. */
export const ContainersAnswerSchema = () =>
  z.object({
    containers: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        image: z.string(),
        state: z.string().describe('created, running, paused, restarting, exited, removing or dead'),
        created: isoOrNull(),
      }),
    ),
  })

export interface InventoryRoutesDeps {
  sessions: SessionManager
  provider: SandboxProvider
}

/**
 * What `read` answers from the inner engine.
 * @throws SandboxError 503 `engine_unavailable` when the inner engine fails (it may be starting or gone)
 */
async function fromEngine<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read()
  } catch (error) {
    throw new SandboxError({
      code: 'engine_unavailable',
      status: 503,
      message: 'sandbox.engineUnavailable',
      logMessage: 'the inner engine failed to list its images or containers',
      cause: error,
    })
  }
}

/** Inventory routes, to mount at `/api/sessions`. */
export function inventoryRoutes({ sessions, provider }: InventoryRoutesDeps): Hono {
  const guards = [validate('param', SessionParamsSchema()), sessionAuth({ sessions }), runningSandbox({ sessions })] as const
  return new Hono()
    .get('/:id/images', ...guards, async function listImages(c) {
      const images = await fromEngine(() => listImageDetails(provider.innerDocker(c.var.sandbox)))
      return c.json(ImagesAnswerSchema().parse({ images }))
    })
    .get('/:id/containers', ...guards, async function listContainers(c) {
      const containers = await fromEngine(() => listContainerDetails(provider.innerDocker(c.var.sandbox)))
      return c.json(ContainersAnswerSchema().parse({ containers }))
    })
}
