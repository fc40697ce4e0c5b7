/**
 * @module Chooses, once at start-up, how a workstation may run its own Docker engine: `sysbox` when
 * the engine offers the sysbox-runc runtime (unprivileged), else `privileged` when a privileged
 * container can start, else `capabilities` (every capability but SYS_RESOURCE, no seccomp or
 * AppArmor profile) for hosts whose bounding set lacks a capability and so refuse `--privileged`.
 * The last two are root-equivalent on the host: they separate learners, they do not contain a
 * hostile one.
 */
import { randomBytes } from 'node:crypto'
import type Dockerode from 'dockerode'
import { LABEL_ROLE } from '@docker-classroom/catalog'
import type { Logger } from '../../logger.ts'
import type { IsolationMode } from '../../settings.ts'
import { ignoringStatus } from './engine-errors.ts'

export interface DetectIsolationOptions {
  /** Image the privileged probe runs; the workstation image, so the probe needs nothing else. */
  image: string
  /** Mode forced by the operator (`ISOLATION`), skipping detection. */
  override?: IsolationMode | undefined
  logger: Logger
}

/** Detects the isolation mode this engine supports (or takes the override) and logs the choice. */
export async function detectIsolation(
  docker: Dockerode,
  { image, override, logger }: DetectIsolationOptions,
): Promise<IsolationMode> {
  const mode = override ?? (await probeIsolation(docker, image, logger))
  logger.info('isolation.chosen', { isolation: mode, detected: override === undefined })
  return mode
}

async function probeIsolation(docker: Dockerode, image: string, logger: Logger): Promise<IsolationMode> {
  const info = (await docker.info()) as { Runtimes?: Record<string, unknown> }
  if (info.Runtimes && 'sysbox-runc' in info.Runtimes) return 'sysbox'
  return (await privilegedStarts(docker, image, logger)) ? 'privileged' : 'capabilities'
}

/** Starts a throw-away privileged container running `true`; false when the engine refuses it. */
async function privilegedStarts(docker: Dockerode, image: string, logger: Logger): Promise<boolean> {
  const probe = await docker.createContainer({
    name: `docker-classroom-probe-${randomBytes(4).toString('hex')}`,
    Image: image,
    Entrypoint: ['true'],
    Cmd: [],
    Labels: { [LABEL_ROLE]: 'isolation-probe' },
    HostConfig: { Privileged: true, NetworkMode: 'none' },
  })
  try {
    await probe.start()
    await probe.wait()
    return true
  } catch (error) {
    logger.info('isolation.privileged-refused', { error })
    return false
  } finally {
    // v: the workstation image declares a VOLUME, which would otherwise outlive every probe.
    await ignoringStatus([404, 409], () => probe.remove({ force: true, v: true }))
  }
}

/** The HostConfig fields that let a workstation of `mode` run a nested engine. */
export function isolationHostConfig(mode: IsolationMode): Dockerode.HostConfig {
  switch (mode) {
    case 'sysbox':
      return { Runtime: 'sysbox-runc' }
    case 'privileged':
      return { Privileged: true }
    case 'capabilities':
      return {
        CapAdd: ['ALL'],
        CapDrop: ['SYS_RESOURCE'],
        SecurityOpt: ['seccomp=unconfined', 'apparmor=unconfined'],
        MaskedPaths: [],
        ReadonlyPaths: [],
      }
  }
}
