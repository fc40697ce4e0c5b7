/**
 * @module The whole server on the real engine: a learner's session from creation to deletion,
 * through the HTTP API and the terminal WebSocket, graded with lesson 1's real checks. Needs the
 * catalog's images (`node catalog/src/cli.ts`); skipped when the workstation image is missing.
 */
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, before, describe, it } from 'node:test'
import Dockerode from 'dockerode'
import { LABEL_SESSION } from '@docker-classroom/catalog'
import { createLogger } from './logger.ts'
import { createMetrics } from './metrics.ts'
import { createDockerProvider } from './sandbox/docker/index.ts'
import { startServer, type RunningServer } from './server.ts'
import { SessionManager } from './sessions/session-manager.ts'
import { MemorySessionStore } from './sessions/store.ts'
import { readSettings } from './settings.ts'
import { openTerminal, TerminalClient } from './testing/terminal-client.ts'
import { loadLessonOne } from './testing/test-app.ts'
import { skipWithoutWorkstation } from './testing/workstation-image.ts'

const hostDocker = new Dockerode()
const skipReason = await skipWithoutWorkstation(hostDocker)

interface CheckBody {
  passed: boolean
  conditions: { id: string; passed: boolean }[]
}

describe('Sandbox server on the real engine', { skip: skipReason }, () => {
  let server: RunningServer
  let socketRoot: string
  const logs: Record<string, unknown>[] = []

  before(async () => {
    socketRoot = await mkdtemp(path.join(tmpdir(), 'classroom-sockets-'))
    const settings = readSettings({ ...process.env, SOCKET_ROOT: socketRoot, SESSION_CREATE_BURST: '1' })
    const logger = createLogger((line) => logs.push(JSON.parse(line) as Record<string, unknown>))
    const provider = await createDockerProvider({ settings, logger })
    const metrics = createMetrics({ activeSessions: () => sessions.count() })
    const sessions = new SessionManager({ store: new MemorySessionStore(), provider, settings, logger, onEnded: metrics.sessionEnded })
    server = await startServer({
      sessions,
      metrics,
      provider,
      lessons: await loadLessonOne(),
      settings,
      logger,
      port: 0,
      host: '127.0.0.1',
      reapIntervalMs: settings.reapIntervalMs,
    })
  })

  after(async () => {
    await server?.close('test over')
    await rm(socketRoot, { recursive: true, force: true })
  })

  it('Should run a learner session end to end and leave nothing behind', { timeout: 120_000 }, async () => {
    const health = await fetch(`${server.url}/healthz`)
    assert.equal(health.status, 200, await health.clone().text())

    const createdAt = performance.now()
    const created = await fetch(`${server.url}/api/sessions`, { method: 'POST' })
    const createMs = performance.now() - createdAt
    assert.equal(created.status, 201)
    const { id, token } = (await created.json()) as { id: string; token: string }
    const tooSoon = await fetch(`${server.url}/api/sessions`, { method: 'POST' })
    assert.equal(tooSoon.status, 429, 'a second session within the burst of 1 is refused')
    assert.ok(Number(tooSoon.headers.get('Retry-After')) > 0)
    const auth = { Authorization: `Bearer ${token}` }

    const { client: terminal, ticket } = await openTerminal(server.url, id, token, { origin: server.url })
    await terminal.opened()
    let at = await terminal.waitFor('$ ', { timeoutMs: 10_000 })

    const helloAt = performance.now()
    terminal.send('docker run --rm hello-world\r')
    at = await terminal.waitFor('Hello from Docker', { from: at, timeoutMs: 30_000 })
    at = await terminal.waitFor('$ ', { from: at, timeoutMs: 30_000 })
    const innerHelloMs = performance.now() - helloAt

    const check = async (): Promise<CheckBody> => {
      const response = await fetch(`${server.url}/api/sessions/${id}/checks/first-container/run-nginx`, {
        method: 'POST',
        headers: auth,
      })
      assert.equal(response.status, 200)
      return (await response.json()) as CheckBody
    }
    const checkAt = performance.now()
    const before = await check()
    const checkMs = performance.now() - checkAt
    assert.equal(before.passed, false)
    assert.equal(before.conditions.find((condition) => condition.id === 'container-exists')?.passed, false)

    terminal.send('docker run -d --name web -p 8080:80 nginx\r')
    at = await terminal.waitFor('$ ', { from: at, timeoutMs: 60_000 })
    let graded = await check()
    for (let attempt = 0; !graded.passed && attempt < 40; attempt += 1) {
      await sleep(250)
      graded = await check()
    }
    assert.equal(graded.passed, true, JSON.stringify(graded))

    const replayed = new TerminalClient(server.url, id, ticket)
    assert.equal(await replayed.closeCode(), 4401, 'a used ticket opens nothing')
    const foreign = await openTerminal(server.url, id, token, { origin: 'https://evil.example' })
    assert.equal(await foreign.client.upgradeStatus(), 403, 'a foreign page cannot open the terminal')

    terminal.send('echo 한글 $((1+1))테스트\r')
    // Only the output has `2테스트`: the echoed command line has `$((1+1))`.
    await terminal.waitFor('한글 2테스트', { from: at, timeoutMs: 5000 })

    const stats = await hostDocker.getContainer(`docker-classroom-ws-${id}`).stats({ stream: false })
    console.log(
      JSON.stringify({
        createMs: Math.round(createMs),
        firstByteMs: Math.round(terminal.firstByteMs ?? -1),
        innerHelloWorldMs: Math.round(innerHelloMs),
        checkMs: Math.round(checkMs),
        memoryMiB: Math.round((stats.memory_stats.usage ?? 0) / 2 ** 20),
      }),
    )
    assert.ok(checkMs < 1000, `a lesson-1 check takes ${checkMs} ms`)

    const deleted = await fetch(`${server.url}/api/sessions/${id}`, { method: 'DELETE', headers: auth })
    assert.equal(deleted.status, 204)
    assert.equal(await terminal.closeCode(), 1000)
    const filters = { label: [`${LABEL_SESSION}=${id}`] }
    assert.deepEqual(await hostDocker.listContainers({ all: true, filters }), [])
    assert.deepEqual((await hostDocker.listVolumes({ filters })).Volumes ?? [], [])
    assert.equal(existsSync(path.join(socketRoot, id)), false)
    const gone = await fetch(`${server.url}/api/sessions/${id}`, { headers: auth })
    assert.equal(gone.status, 404)

    const metrics = await (await fetch(`${server.url}/metrics`)).text()
    for (const series of [
      'classroom_session_creations_total{result="ok"} 1',
      'classroom_session_deletions_total{reason="deleted"} 1',
      'classroom_terminal_attach_seconds_count 1',
      'classroom_errors_total{code="rate_limited"} 1',
      'classroom_errors_total{code="invalid_ticket"} 1',
      'classroom_errors_total{code="origin_not_allowed"} 1',
    ]) {
      assert.ok(metrics.includes(`\n${series}\n`), `${series} in /metrics`)
    }
  })
})
