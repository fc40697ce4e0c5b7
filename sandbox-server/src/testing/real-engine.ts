/**
 * @module For tests on the real engine: run a command in a session's workstation, and remove what a
 * failed test left under its socket root.
 */
import { once } from 'node:events'
import Dockerode from 'dockerode'
import { LABEL_SESSION } from '@docker-classroom/catalog'
import { DiskQuota, LABEL_SOCKET_ROOT } from '../sandbox/docker/index.ts'
import { removeWorkstationNetwork } from '../sandbox/docker/workstation-network.ts'

/** The engine filter that selects everything the Docker provider made for `socketRoot`. */
export function socketRootFilters(socketRoot: string): { label: string[] } {
  return { label: [`${LABEL_SOCKET_ROOT}=${socketRoot}`] }
}

/** Runs `argv` in the session's workstation and resolves with its exit code. */
export async function runInWorkstation(docker: Dockerode, sessionId: string, argv: string[]): Promise<number> {
  const exec = await docker.getContainer(`docker-classroom-ws-${sessionId}`).exec({ Cmd: argv, AttachStdout: true, AttachStderr: true })
  const stream = await exec.start({})
  stream.resume()
  await once(stream, 'end')
  return (await exec.inspect()).ExitCode ?? -1
}

/**
 * Removes the workstations, volumes, networks and loop-mounted disks of `socketRoot`: only a test that failed
 * before deleting its sessions leaves any.
 */
export async function removeSocketRootLeftovers(docker: Dockerode, socketRoot: string): Promise<void> {
  const filters = socketRootFilters(socketRoot)
  for (const { Id } of await docker.listContainers({ all: true, filters })) {
    await docker.getContainer(Id).remove({ force: true, v: true })
  }
  for (const { Name } of (await docker.listVolumes({ filters })).Volumes ?? []) await docker.getVolume(Name).remove()
  for (const { Labels } of await docker.listNetworks({ filters })) {
    const sessionId = Labels?.[LABEL_SESSION]
    if (sessionId) await removeWorkstationNetwork(docker, sessionId)
  }
  const disks = new DiskQuota({ mode: 'loop', quotaBytes: 0, socketRoot })
  for (const sessionId of await disks.sessionsOnDisk()) await disks.release(sessionId)
}
