/**
 * @module Connects to the host engine and builds the Docker provider, with its isolation mode
 * detected (or forced by `ISOLATION`), the host firewall for workstation networks written and the
 * registry joined to every workstation network.
 */
import Dockerode from 'dockerode'
import { WORKSTATION_IMAGE } from '@docker-classroom/catalog'
import type { Logger } from '../../logger.ts'
import type { Settings } from '../../settings.ts'
import { detectDiskQuota } from './disk-quota.ts'
import { DockerProvider, WORKSTATION_ROLE, type DockerProviderSettings } from './docker-provider.ts'
import { installHostFirewall } from './host-firewall.ts'
import { detectIsolation } from './isolation.ts'
import { attachRegistryEverywhere } from './workstation-network.ts'

/** Settings the Docker provider is built from. */
export type CreateDockerProviderSettings = DockerProviderSettings &
  Pick<Settings, 'dockerSocket' | 'isolation' | 'diskQuotaBytes' | 'diskQuotaMode'>

/** A Docker provider on the engine at `settings.dockerSocket`. */
export async function createDockerProvider({
  settings,
  logger,
}: {
  settings: CreateDockerProviderSettings
  logger: Logger
}): Promise<DockerProvider> {
  const docker = new Dockerode({ socketPath: settings.dockerSocket })
  const [isolation] = await Promise.all([
    detectIsolation(docker, { image: WORKSTATION_IMAGE, override: settings.isolation, logger }),
    installHostFirewall(docker, logger),
    attachRegistryEverywhere(docker, WORKSTATION_ROLE, logger),
  ])
  const diskQuota = await detectDiskQuota(
    { quotaBytes: settings.diskQuotaBytes, socketRoot: settings.socketRoot, override: settings.diskQuotaMode },
    logger,
  )
  return new DockerProvider({ docker, isolation, settings, logger, diskQuota })
}
