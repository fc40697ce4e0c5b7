/**
 * @module The host firewall on the real engine: written at every server start, so its helper
 * container must leave nothing behind. Skipped when the catalog's workstation image is missing.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import Dockerode from 'dockerode'
import { LABEL_ROLE } from '@docker-classroom/catalog'
import { silentLogger } from '../../logger.ts'
import { skipWithoutWorkstation } from '../../testing/workstation-image.ts'
import { installHostFirewall } from './host-firewall.ts'

const docker = new Dockerode()
const skip = await skipWithoutWorkstation(docker)

/** Names of the volumes no container uses. */
async function danglingVolumes(): Promise<Set<string>> {
  const { Volumes } = await docker.listVolumes({ filters: { dangling: ['true'] } })
  return new Set((Volumes ?? []).map((volume) => volume.Name))
}

describe('installHostFirewall', { skip }, () => {
  it('Should leave neither its helper container nor the helper\'s volume behind', { timeout: 60_000 }, async () => {
    const before = await danglingVolumes()
    // Whether the host allowed the rules or not, the helper ran and was removed.
    await installHostFirewall(docker, silentLogger)
    const helpers = await docker.listContainers({ all: true, filters: { label: [`${LABEL_ROLE}=firewall-helper`] } })
    assert.deepEqual(helpers, [])
    const leftOver = [...(await danglingVolumes())].filter((name) => !before.has(name))
    assert.deepEqual(leftOver, [])
  })
})
