/**
 * @module engine
 * Small helpers for the engine's API answers, shared by the builders and the registry.
 */
import type Dockerode from 'dockerode'

export type ProgressListener = (event: { step: string; detail?: string }) => void

export function isNotFound(error: unknown): boolean {
  return (error as { statusCode?: number } | null)?.statusCode === 404
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

export async function inspectImage(
  docker: Dockerode,
  reference: string,
): Promise<Dockerode.ImageInspectInfo | undefined> {
  try {
    return await docker.getImage(reference).inspect()
  } catch (error) {
    if (isNotFound(error)) return undefined
    throw error
  }
}
