/**
 * @module Fault test (`npm run test:faults`): a server with five live sessions, each with a running
 * inner container and a shell variable set in its terminal, is SIGKILLed and started again on the
 * same socket root and database. All five are adopted: the same ids and tokens work, the inner
 * containers still run, and a reopened terminal is the same shell. Skipped when the workstation
 * image is missing.
 */
import assert from 'node:assert/strict'
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import Dockerode from 'dockerode'
import { runInWorkstation, socketRootFilters } from '../testing/real-engine.ts'
import { createLearner, restartableServers, type RestartableServers } from '../testing/restartable-servers.ts'
import { openTerminal } from '../testing/terminal-client.ts'
import { bearer } from '../testing/test-app.ts'
import { skipWithoutWorkstation } from '../testing/workstation-image.ts'

const SESSIONS = 5

const hostDocker = new Dockerode()
const skip = await skipWithoutWorkstation(hostDocker)

describe('A server SIGKILLed with five live sessions', { skip }, () => {
  let servers: RestartableServers | undefined
  after(() => servers?.cleanup())

  it('Should adopt all five with their inner containers and shells', { timeout: 300_000 }, async (t) => {
    servers = await restartableServers('classroom-kill-', {
      SESSION_CREATE_BURST: String(SESSIONS),
      MAX_SESSIONS_PER_CLIENT: String(SESSIONS),
    })
    const { socketRoot } = servers
    const mark = (index: number) => `mark-${index}-한글`

    let server = await servers.start()
    const learners = await Promise.all(Array.from({ length: SESSIONS }, () => createLearner(server)))
    for (const [index, learner] of learners.entries()) {
      assert.equal(await runInWorkstation(hostDocker, learner.id, ['docker', 'run', '-d', '--name', 'keep', 'busybox', 'sleep', '3600']), 0)
      const terminal = (await openTerminal(server.baseUrl, learner.id, learner.token)).client
      await terminal.opened()
      await terminal.waitFor('$ ', { timeoutMs: 10_000 })
      terminal.send(`export MARK=${mark(index)}; echo set-$((${index}+1))\r`)
      await terminal.waitFor(`set-${index + 1}`)
      // Left open: the crash cuts it, as a learner's tab would be.
    }

    await server.stop('SIGKILL')
    const restarted = performance.now()
    server = await servers.start()
    t.diagnostic(`healthy again ${((performance.now() - restarted) / 1000).toFixed(1)} s after the SIGKILL`)

    for (const [index, learner] of learners.entries()) {
      const got = await fetch(`${server.baseUrl}/api/sessions/${learner.id}`, { headers: bearer(learner.token) })
      assert.equal(got.status, 200, `GET ${learner.id}`)
      assert.equal(((await got.json()) as { state: string }).state, 'running')
      const inner = new Dockerode({ socketPath: path.join(socketRoot, learner.id, 'docker.sock') })
      assert.equal((await inner.getContainer('keep').inspect()).State.Running, true, `inner container of ${learner.id}`)
      const terminal = (await openTerminal(server.baseUrl, learner.id, learner.token)).client
      await terminal.opened()
      terminal.send('echo "[$MARK]"\r')
      await terminal.waitFor(`[${mark(index)}]`, { timeoutMs: 10_000 })
      terminal.close()
    }

    for (const learner of learners) {
      const deleted = await fetch(`${server.baseUrl}/api/sessions/${learner.id}`, { method: 'DELETE', headers: bearer(learner.token) })
      assert.equal(deleted.status, 204)
    }
    const filters = socketRootFilters(socketRoot)
    assert.deepEqual(await hostDocker.listContainers({ all: true, filters }), [])
    assert.deepEqual((await hostDocker.listVolumes({ filters })).Volumes ?? [], [])
    assert.deepEqual(await hostDocker.listNetworks({ filters }), [])
    assert.deepEqual(await readdir(socketRoot), [])
  })
})
