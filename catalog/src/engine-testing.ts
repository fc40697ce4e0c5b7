/**
 * @module engine-testing
 * Helpers for the tests against the host's real engine: run a container to completion, run a
 * command in a running one, and wait for something to come true. Everything the tests create
 * carries the TEST_ROLE label, so that it is recognisably theirs.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import type Dockerode from 'dockerode'
import { LABEL_ROLE, WORKSTATION_IMAGE } from './names.ts'

/** Value of LABEL_ROLE on every container, network, volume and image a catalog test creates. */
export const TEST_ROLE = 'catalog-test'

/** Options of a container run by {@link runContainer}. */
export interface RunOptions {
  cmd?: string[]
  env?: string[]
  hostConfig?: Dockerode.ContainerCreateOptions['HostConfig']
}

/** Runs `image` until it exits and removes it; its exit status and its output as text. */
export async function runContainer(
  docker: Dockerode,
  image: string,
  options: RunOptions = {},
): Promise<{ statusCode: number; output: string }> {
  const container = await docker.createContainer({
    Image: image,
    ...(options.cmd ? { Cmd: options.cmd } : {}),
    ...(options.env ? { Env: options.env } : {}),
    // A TTY keeps the logs unmultiplexed: plain text.
    Tty: true,
    Labels: { [LABEL_ROLE]: TEST_ROLE },
    ...(options.hostConfig ? { HostConfig: options.hostConfig } : {}),
  })
  try {
    await container.start()
    const { StatusCode } = (await container.wait()) as { StatusCode: number }
    // As a stream: the buffered form is parsed as JSON when it happens to be JSON ("2\r\n").
    const logs = await container.logs({ stdout: true, stderr: true, follow: true })
    const chunks: Buffer[] = []
    for await (const chunk of logs) chunks.push(Buffer.from(chunk as Buffer))
    const output = Buffer.concat(chunks).toString('utf8')
    return { statusCode: StatusCode, output: output.replaceAll('\r\n', '\n') }
  } finally {
    await container.remove({ force: true, v: true })
  }
}

/** Like {@link runContainer}, for a command that must succeed: its output. */
export async function runToCompletion(
  docker: Dockerode,
  image: string,
  options: RunOptions = {},
): Promise<string> {
  const { statusCode, output } = await runContainer(docker, image, options)
  assert.equal(statusCode, 0, output)
  return output
}

/** Retries `attempt` every 200 ms until it resolves, or rejects once `timeoutMs` have passed. */
export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  attempt: () => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await attempt()
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms`, { cause: error })
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
}

/** Runs `cmd` in a running container; its exit code and its stdout and stderr together. */
export async function execute(
  docker: Dockerode,
  container: Dockerode.Container,
  cmd: string[],
): Promise<{ exitCode: number; output: string }> {
  const exec = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true })
  const stream = await exec.start({})
  const output = new PassThrough()
  const chunks: Buffer[] = []
  output.on('data', (chunk: Buffer) => chunks.push(chunk))
  docker.modem.demuxStream(stream, output, output)
  await new Promise((resolve) => stream.on('end', resolve))
  const { ExitCode } = await exec.inspect()
  return { exitCode: ExitCode ?? -1, output: Buffer.concat(chunks).toString('utf8') }
}

/** A running workstation of {@link startWorkstation}. */
export interface TestWorkstation {
  container: Dockerode.Container
  /** The host folder bind-mounted on /run/dind: the inner engine's socket is `docker.sock` there. */
  socketDirectory: string
  /** Removes the container, its inner engine's volume and the socket folder. */
  remove: () => Promise<void>
}

/** Starts a workstation on `network` with the flags the sandbox server uses where --privileged is refused. */
export async function startWorkstation(docker: Dockerode, network: string): Promise<TestWorkstation> {
  const socketDirectory = await mkdtemp(path.join(tmpdir(), 'catalog-test-dind-'))
  const volumeName = `docker-classroom-catalog-test-${randomBytes(6).toString('hex')}`
  const container = await docker.createContainer({
    Image: WORKSTATION_IMAGE,
    Labels: { [LABEL_ROLE]: TEST_ROLE },
    HostConfig: {
      // The flags that work where --privileged is refused (see the engine notes).
      CapAdd: ['ALL'],
      CapDrop: ['SYS_RESOURCE'],
      SecurityOpt: ['seccomp=unconfined', 'apparmor=unconfined'],
      MaskedPaths: [],
      ReadonlyPaths: [],
      Mounts: [
        { Type: 'volume', Source: volumeName, Target: '/var/lib/docker' },
        { Type: 'bind', Source: socketDirectory, Target: '/run/dind' },
      ],
      NetworkMode: network,
      Memory: 1024 * 1024 * 1024,
    },
  })
  const remove = async (): Promise<void> => {
    await container.remove({ force: true, v: true })
    await docker
      .getVolume(volumeName)
      .remove()
      .catch(() => {})
    await rm(socketDirectory, { recursive: true, force: true })
  }
  try {
    await container.start()
  } catch (error) {
    await remove()
    throw error
  }
  return { container, socketDirectory, remove }
}
