/**
 * @module Fault test (`npm run test:faults`): 100 sandboxes created and destroyed through the real
 * Docker provider, four at a time, leave no container, volume (named or anonymous), network or
 * socket directory behind. Skipped when the workstation image is missing.
 */
import assert from 'node:assert/strict'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import Dockerode from 'dockerode'
import { silentLogger } from '../logger.ts'
import { createDockerProvider } from '../sandbox/docker/index.ts'
import { newSessionId } from '../sessions/credentials.ts'
import { readSettings } from '../settings.ts'
import { removeSocketRootLeftovers, socketRootFilters } from '../testing/real-engine.ts'
import { skipWithoutWorkstation } from '../testing/workstation-image.ts'

const CYCLES = 100
const PARALLEL = 4

const hostDocker = new Dockerode()
const skip = await skipWithoutWorkstation(hostDocker)

describe('100 sandboxes created and destroyed', { skip }, () => {
  let socketRoot: string | undefined

  after(async () => {
    if (!socketRoot) return
    await removeSocketRootLeftovers(hostDocker, socketRoot)
    await rm(socketRoot, { recursive: true, force: true })
  })

  it('Should leave no container, volume, network or socket directory', { timeout: 900_000 }, async (t) => {
    socketRoot = await mkdtemp(path.join(tmpdir(), 'classroom-cycles-'))
    const provider = await createDockerProvider({ settings: readSettings({ ...process.env, SOCKET_ROOT: socketRoot }), logger: silentLogger })
    // Every volume any of our workstations mounted, the anonymous ones of its image included.
    const mounted = new Set<string>()
    // Every network a workstation was attached to (its own, one per sandbox).
    const attached = new Set<string>()
    let innerStorages = 0

    const started = performance.now()
    let next = 0
    const worker = async () => {
      while (next < CYCLES) {
        next += 1
        const handle = await provider.create(newSessionId())
        const { Mounts, NetworkSettings } = await hostDocker.getContainer(handle.containerId).inspect()
        for (const mount of Mounts) if (mount.Type === 'volume' && mount.Name) mounted.add(mount.Name)
        for (const network of Object.values(NetworkSettings.Networks)) attached.add(network.NetworkID)
        // A named volume, or a loop-mounted filesystem under the disk quota (see disk-quota.ts).
        if (Mounts.some((mount) => mount.Destination === '/var/lib/docker')) innerStorages += 1
        await provider.destroy(handle)
      }
    }
    await Promise.all(Array.from({ length: PARALLEL }, worker))
    t.diagnostic(`${CYCLES} create+destroy cycles, ${PARALLEL} at a time: ${((performance.now() - started) / 1000).toFixed(1)} s`)

    const filters = socketRootFilters(socketRoot)
    assert.deepEqual(await hostDocker.listContainers({ all: true, filters }), [])
    assert.deepEqual((await hostDocker.listVolumes({ filters })).Volumes ?? [], [])
    assert.equal(innerStorages, CYCLES, 'every workstation had its inner storage mounted')
    const volumesAfter = new Set(((await hostDocker.listVolumes()).Volumes ?? []).map((volume) => volume.Name))
    assert.deepEqual([...mounted].filter((name) => volumesAfter.has(name)), [])
    assert.deepEqual(await hostDocker.listNetworks({ filters }), [])
    assert.equal(attached.size, CYCLES, 'each workstation had a network of its own')
    const networksAfter = new Set((await hostDocker.listNetworks()).map((network) => network.Id))
    assert.deepEqual([...attached].filter((id) => networksAfter.has(id)), [])
    assert.deepEqual(await readdir(socketRoot), [])
  })
})
