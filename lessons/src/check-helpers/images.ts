/**
 * @module Check helpers about images a learner made (committed or built) and the web pages their
 * containers serve: the image's base, its config, and the body of an HTTP answer in the workstation.
 */
import type Dockerode from 'dockerode'
import type { CheckContext } from '../checks.ts'
import { imageLayers, inspectImage, startsWithLayers } from './engine-state.ts'

/**
 * True when the image `reference` is built on top of any of `bases` (the first one present counts
 * as well as any other): its layers start with all of that base's layers and add at least `extra`.
 */
export async function builtOnAny(
  docker: Dockerode,
  reference: string,
  bases: readonly string[],
  extra = 0,
): Promise<boolean> {
  const layers = await imageLayers(docker, reference)
  if (!layers) return false
  for (const base of bases) {
    const baseLayers = await imageLayers(docker, base)
    if (baseLayers && startsWithLayers(layers, baseLayers) && layers.length >= baseLayers.length + extra) return true
  }
  return false
}

/** The image's `Config` (Cmd, Entrypoint, Env, ExposedPorts, Labels…), or null when there is no such image. */
export async function imageConfig(docker: Dockerode, reference: string): Promise<NonNullable<Awaited<ReturnType<typeof inspectImage>>>['Config'] | null> {
  return (await inspectImage(docker, reference))?.Config ?? null
}

/**
 * The body that `http://localhost:<port><path>` answers inside the workstation, or null when
 * nothing answers or the answer is not 200.
 */
export async function httpBodyInWorkstation(ctx: CheckContext, port: number, path = '/'): Promise<string | null> {
  const result = await ctx.exec(['curl', '--silent', '--fail', '--max-time', '3', `http://localhost:${port}${path}`])
  return result.exitCode === 0 ? result.stdout : null
}
