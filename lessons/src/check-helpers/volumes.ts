/**
 * @module Check helpers about where a container keeps its data: named volumes, what a container
 * mounts at a path (a volume or a folder of the workstation), and running a program inside a
 * container, as an argument vector, to ask it about the data it holds (a database row…).
 */
import type Dockerode from 'dockerode'
import { findContainer } from './containers.ts'
import { collect, demuxDockerStream, isNotFound } from './engine-state.ts'
import type { ExecResult } from '../checks.ts'

export type VolumeDetails = Awaited<ReturnType<Dockerode.Volume['inspect']>>

/** One entry of a container's `Mounts`, as `docker inspect` shows it. */
export interface MountDetails {
  Type: 'volume' | 'bind' | 'tmpfs' | 'npipe' | string
  /** The volume's name (type volume only). */
  Name?: string
  /** The volume's folder on the engine's machine, or the bound folder. */
  Source: string
  Destination: string
  RW: boolean
}

/** `GET /volumes/{name}`, or null when the engine has no such volume. */
export async function inspectVolume(docker: Dockerode, name: string): Promise<VolumeDetails | null> {
  try {
    return await docker.getVolume(name).inspect()
  } catch (error) {
    if (isNotFound(error)) return null
    throw error
  }
}

/** What the container `name` mounts at `destination`, or null when the container or the mount does not exist. */
export async function mountAt(docker: Dockerode, name: string, destination: string): Promise<MountDetails | null> {
  const container = await findContainer(docker, name)
  const mounts = (container?.Mounts ?? []) as MountDetails[]
  return mounts.find((mount) => mount.Destination === destination) ?? null
}

/** True when `mount` is the named volume `volume`. */
export const isVolumeMount = (mount: MountDetails | null, volume: string): boolean =>
  mount?.Type === 'volume' && mount.Name === volume

/** True when `mount` binds the workstation folder `source` (trailing slashes ignored). */
export const isBindMount = (mount: MountDetails | null, source: string): boolean =>
  mount?.Type === 'bind' && mount.Source.replace(/\/+$/, '') === source.replace(/\/+$/, '')

/**
 * Runs `argv` inside the running container `name` (as `docker exec` without a shell) and returns its
 * exit code and output (stdout and stderr joined in `stdout`, `stderr` empty), or null when the
 * container does not exist or is not running.
 */
export async function execInContainer(
  docker: Dockerode,
  name: string,
  argv: readonly string[],
  user?: string,
): Promise<ExecResult | null> {
  const container = await findContainer(docker, name)
  if (!container?.State.Running) return null
  const exec = await docker.getContainer(container.Id).exec({
    Cmd: [...argv],
    AttachStdout: true,
    AttachStderr: true,
    ...(user !== undefined ? { User: user } : {}),
  })
  const stream = await exec.start({ hijack: true, stdin: false })
  const output = demuxDockerStream(await collect(stream)).toString('utf8')
  const { ExitCode } = await exec.inspect()
  return { exitCode: ExitCode ?? -1, stdout: output, stderr: '' }
}
