/**
 * @module Sessions survive a server crash on the real engine (JupyterHub's `test_resume_spawners`):
 * a server with three sessions, each running a container in its inner engine, is SIGKILLed and
 * started again on the same socket root and database. The same ids and tokens work, the inner
 * containers still run, checks answer and the learner's shell is the same shell. After a graceful
 * restart too, and once every session is deleted nothing labelled is left. Skipped when the
 * workstation image is missing.
 */
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import Dockerode from 'dockerode'
import { runInWorkstation, socketRootFilters } from './testing/real-engine.ts'
import { createLearner, restartableServers, type Learner, type RestartableServers } from './testing/restartable-servers.ts'
import { openTerminal } from './testing/terminal-client.ts'
import { bearer } from './testing/test-app.ts'
import { skipWithoutWorkstation } from './testing/workstation-image.ts'

const hostDocker = new Dockerode()
const skip = await skipWithoutWorkstation(hostDocker)

describe('Sessions across server restarts', { skip }, () => {
  let servers: RestartableServers | undefined
  after(() => servers?.cleanup())

  it('Should adopt every session after a SIGKILL and a SIGTERM, and leave nothing once they are deleted', { timeout: 240_000 }, async () => {
    servers = await restartableServers('classroom-restart-', { SESSION_CREATE_BURST: '10' })
    const { socketRoot } = servers
    const auth = (learner: Learner) => bearer(learner.token)

    let server = await servers.start()
    const learners: Learner[] = []
    for (let i = 0; i < 3; i += 1) learners.push(await createLearner(server))
    for (const { id } of learners) {
      assert.equal(await runInWorkstation(hostDocker, id, ['docker', 'run', '-d', '--name', 'keep', 'busybox', 'sleep', '3600']), 0)
    }
    const [first] = learners as [Learner]
    const before = (await openTerminal(server.baseUrl, first.id, first.token)).client
    await before.opened()
    await before.waitFor('$ ', { timeoutMs: 10_000 })
    before.send('export MARK=한글; echo set-$((1+1))\r')
    await before.waitFor('set-2')

    const survives = async (label: string): Promise<void> => {
      for (const learner of learners) {
        const got = await fetch(`${server.baseUrl}/api/sessions/${learner.id}`, { headers: auth(learner) })
        assert.equal(got.status, 200, `${label}: GET ${learner.id}`)
        assert.equal(((await got.json()) as { state: string }).state, 'running')
        const inner = new Dockerode({ socketPath: path.join(socketRoot, learner.id, 'docker.sock') })
        assert.equal((await inner.getContainer('keep').inspect()).State.Running, true, `${label}: inner container of ${learner.id}`)
        const check = await fetch(`${server.baseUrl}/api/sessions/${learner.id}/checks/first-container/run-nginx`, {
          method: 'POST',
          headers: auth(learner),
        })
        assert.equal(check.status, 200, `${label}: check of ${learner.id}`)
      }
      const terminal = (await openTerminal(server.baseUrl, first.id, first.token)).client
      await terminal.opened()
      terminal.send('echo "[$MARK]"\r')
      await terminal.waitFor('[한글]', { timeoutMs: 10_000 })
      terminal.close()
    }

    await server.stop('SIGKILL')
    await before.closeCode()
    server = await servers.start()
    await survives('after SIGKILL')

    await server.stop('SIGTERM')
    server = await servers.start()
    await survives('after SIGTERM')

    for (const learner of learners) {
      const deleted = await fetch(`${server.baseUrl}/api/sessions/${learner.id}`, { method: 'DELETE', headers: auth(learner) })
      assert.equal(deleted.status, 204)
    }
    const filters = socketRootFilters(socketRoot)
    assert.deepEqual(await hostDocker.listContainers({ all: true, filters }), [])
    assert.deepEqual((await hostDocker.listVolumes({ filters })).Volumes ?? [], [])
    assert.deepEqual(await hostDocker.listNetworks({ filters }), [])
  })
})
