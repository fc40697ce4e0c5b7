/**
 * @module Typed check helpers about containers, used by the course's own checks and by authors'.
 */
import type Dockerode from 'dockerode'
import type { CheckContext } from '../checks.ts'

type ContainerDetails = Awaited<ReturnType<Dockerode.Container['inspect']>>

/** The container with this exact name, or null when there is none. */
export async function findContainer(docker: Dockerode, name: string): Promise<ContainerDetails | null> {
  const matches = await docker.listContainers({ all: true, filters: { name: [`^/${name}$`] } })
  const summary = matches[0]
  if (!summary) return null
  return docker.getContainer(summary.Id).inspect()
}

/** True when the container exists and is running. */
export async function isContainerRunning(docker: Dockerode, name: string): Promise<boolean> {
  const container = await findContainer(docker, name)
  return container?.State.Running === true
}

/** "docker.io/library/nginx:1.25" → "nginx"; "registry:5000/me/app:v1" → "registry:5000/me/app". */
export function imageRepository(reference: string): string {
  const withoutDigest = reference.split('@')[0] ?? reference
  const lastSlash = withoutDigest.lastIndexOf('/')
  const lastColon = withoutDigest.lastIndexOf(':')
  const withoutTag = lastColon > lastSlash ? withoutDigest.slice(0, lastColon) : withoutDigest
  return withoutTag.replace(/^(?:docker\.io|index\.docker\.io)\//, '').replace(/^library\//, '')
}

/** True when the container was created from `repository` (any tag), e.g. "nginx". */
export async function usesImage(docker: Dockerode, name: string, repository: string): Promise<boolean> {
  const container = await findContainer(docker, name)
  return container !== null && imageRepository(container.Config.Image) === imageRepository(repository)
}

/** True when the container publishes `containerPort`/tcp on `hostPort` of the workstation. */
export async function publishesPort(
  docker: Dockerode,
  name: string,
  hostPort: number,
  containerPort: number,
): Promise<boolean> {
  const container = await findContainer(docker, name)
  const bindings = container?.NetworkSettings.Ports?.[`${containerPort}/tcp`] ?? []
  return bindings.some((binding) => Number(binding.HostPort) === hostPort)
}

/**
 * Asks `http://localhost:<port>/` from inside the workstation and returns the status code, or null
 * when nothing answers.
 */
export async function httpStatusInWorkstation(ctx: CheckContext, port: number): Promise<number | null> {
  const result = await ctx.exec([
    'curl', '--silent', '--output', '/dev/null', '--max-time', '3',
    '--write-out', '%{http_code}', `http://localhost:${port}/`,
  ])
  const status = Number(result.stdout.trim())
  return result.exitCode === 0 && status > 0 ? status : null
}
