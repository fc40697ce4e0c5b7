/**
 * @module Sessions survive a server crash on the real engine (JupyterHub's `test_resume_spawners`):
 * a server with three sessions, each running a container in its inner engine, is SIGKILLed and
 * started again on the same socket root and database. The same ids and tokens work, the inner
 * containers still run, checks answer and the learner's shell is the same shell. After a graceful
 * restart too, and once every session is deleted nothing labelled is left. Skipped when the
 * workstation image is missing.
 */
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import Dockerode from 'dockerode'
import { startServer, type RunningServer } from '../../e2e/support/server.ts'
import { openTerminal } from './testing/terminal-client.ts'
import { skipWithoutWorkstation } from './testing/workstation-image.ts'

const hostDocker = new Dockerode()
const skip = await skipWithoutWorkstation(hostDocker)

/** The label the Docker provider gives everything of one socket root. */
const LABEL_SOCKET_ROOT = 'org.docker-classroom.socket-root'

interface Learner {
  id: string
  token: string
}

/** Runs `argv` in the session's workstation and resolves with its exit code. */
async function runInWorkstation(id: string, argv: string[]): Promise<number> {
  const exec = await hostDocker.getContainer(`docker-classroom-ws-${id}`).exec({ Cmd: argv, AttachStdout: true, AttachStderr: true })
  const stream = await exec.start({})
  stream.resume()
  await once(stream, 'end')
  return (await exec.inspect()).ExitCode ?? -1
}

describe('Sessions across server restarts', { skip }, () => {
  const servers: RunningServer[] = []
  let dataDir: string

  after(async () => {
    await Promise.all(servers.map((server) => server.stop()))
    if (!dataDir) return
    // Only when the test failed before deleting its sessions: the stopped server left them running.
    const filters = { label: [`${LABEL_SOCKET_ROOT}=${path.join(dataDir, 'sessions')}`] }
    for (const { Id } of await hostDocker.listContainers({ all: true, filters })) {
      await hostDocker.getContainer(Id).remove({ force: true, v: true })
    }
    for (const { Name } of (await hostDocker.listVolumes({ filters })).Volumes ?? []) await hostDocker.getVolume(Name).remove()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('Should adopt every session after a SIGKILL and a SIGTERM, and leave nothing once they are deleted', { timeout: 240_000 }, async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'classroom-restart-'))
    const socketRoot = path.join(dataDir, 'sessions')
    const env = {
      SOCKET_ROOT: socketRoot,
      DATABASE_PATH: path.join(dataDir, 'sessions.sqlite'),
      SESSION_CREATE_BURST: '10',
      CLEANUP_ON_SHUTDOWN: 'false',
    }
    const start = async (): Promise<RunningServer> => {
      const server = await startServer(env)
      servers.push(server)
      return server
    }
    const auth = (learner: Learner) => ({ Authorization: `Bearer ${learner.token}` })

    let server = await start()
    const learners: Learner[] = []
    for (let i = 0; i < 3; i += 1) {
      const created = await fetch(`${server.baseUrl}/api/sessions`, { method: 'POST' })
      assert.equal(created.status, 201, server.output())
      learners.push((await created.json()) as Learner)
    }
    for (const { id } of learners) {
      assert.equal(await runInWorkstation(id, ['docker', 'run', '-d', '--name', 'keep', 'busybox', 'sleep', '3600']), 0)
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
    server = await start()
    await survives('after SIGKILL')

    await server.stop('SIGTERM')
    server = await start()
    await survives('after SIGTERM')

    for (const learner of learners) {
      const deleted = await fetch(`${server.baseUrl}/api/sessions/${learner.id}`, { method: 'DELETE', headers: auth(learner) })
      assert.equal(deleted.status, 204)
    }
    const filters = { label: [`${LABEL_SOCKET_ROOT}=${socketRoot}`] }
    assert.deepEqual(await hostDocker.listContainers({ all: true, filters }), [])
    assert.deepEqual((await hostDocker.listVolumes({ filters })).Volumes ?? [], [])
  })
})
