/**
 * @module Reading the engine's HTTP status out of dockerode errors, so callers can treat "already
 * gone" (404) and "already being removed" (409) as done, the way DockerSpawner does.
 */

/** The engine's HTTP status carried by a dockerode error, if any. */
export function engineStatus(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'statusCode' in error) {
    const status = (error as { statusCode: unknown }).statusCode
    if (typeof status === 'number') return status
  }
  return undefined
}

/**
 * Awaits `call`, swallowing an engine error whose status is in `statuses`.
 * @returns the call's value, or undefined when it failed with one of `statuses`
 */
export async function ignoringStatus<T>(statuses: readonly number[], call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call()
  } catch (error) {
    const status = engineStatus(error)
    if (status !== undefined && statuses.includes(status)) return undefined
    throw error
  }
}
