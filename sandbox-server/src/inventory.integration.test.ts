/**
 * @module The "내 환경" inventory on the real engine: an image built in a workstation is answered
 * with its steps paired with its layers (the base shared with `busybox`, the RUN layer its own, the
 * ENV step without a layer), and containers are answered in the state the learner put them in.
 * Skipped when the workstation image is missing.
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { silentLogger } from './logger.ts'
import { ContainersAnswerSchema, ImagesAnswerSchema } from './routes/inventory.ts'
import type { DockerProvider } from './sandbox/docker/docker-provider.ts'
import { createDockerProvider } from './sandbox/docker/index.ts'
import type { SandboxHandle } from './sandbox/provider.ts'
import { startServer, type RunningServer } from './server.ts'
import { SessionManager } from './sessions/session-manager.ts'
import { MemorySessionStore } from './sessions/store.ts'
import { readSettings } from './settings.ts'
import { loadLessonOne } from './testing/test-app.ts'
import { skipWithoutWorkstation } from './testing/workstation-image.ts'

const skipReason = await skipWithoutWorkstation()

describe('Images and containers of a real inner engine', { skip: skipReason }, () => {
  let server: RunningServer
  let socketRoot: string
  let provider: DockerProvider
  let session: { id: string; token: string }
  let handle: SandboxHandle

  const get = (route: string) =>
    fetch(`${server.url}/api/sessions/${session.id}/${route}`, { headers: { Authorization: `Bearer ${session.token}` } })

  /** Runs a fixed shell line in the workstation, as a learner would type it. */
  async function shell(line: string): Promise<void> {
    const result = await provider.exec(handle, ['sh', '-c', line])
    assert.equal(result.exitCode, 0, `${line}\n${result.stderr}`)
  }

  before(async () => {
    socketRoot = await mkdtemp(path.join(tmpdir(), 'classroom-inventory-'))
    // A build pulls its base through the catalog mirror: more than the default exec limit on a busy machine.
    const settings = readSettings({ ...process.env, SOCKET_ROOT: socketRoot, EXEC_TIMEOUT_MS: '120000' })
    provider = await createDockerProvider({ settings, logger: silentLogger })
    const sessions = new SessionManager({ store: new MemorySessionStore(), provider, settings, logger: silentLogger })
    server = await startServer({
      sessions,
      provider,
      lessons: await loadLessonOne(),
      settings,
      logger: silentLogger,
      port: 0,
      host: '127.0.0.1',
      reapIntervalMs: settings.reapIntervalMs,
    })
    const created = await fetch(`${server.url}/api/sessions`, { method: 'POST' })
    assert.equal(created.status, 201)
    session = (await created.json()) as { id: string; token: string }
    handle = (await sessions.find(session.id))!.handle!
  })

  after(async () => {
    await server?.close('test over')
    await rm(socketRoot, { recursive: true, force: true })
  })

  it("Should answer a freshly built image's steps with their layers, and the layer it shares with its base", { timeout: 180_000 }, async () => {
    await shell(
      'mkdir -p /tmp/layered && cd /tmp/layered && ' +
        'printf "FROM busybox\\nRUN echo layer > /layer.txt\\nENV GREETING=hi\\n" > Dockerfile && ' +
        'docker build -q -t layered:1 .',
    )
    const response = await get('images')
    assert.equal(response.status, 200)
    const { images } = ImagesAnswerSchema().parse(await response.json())
    const layered = images.find((image) => image.tags.includes('layered:1'))
    const busybox = images.find((image) => image.tags.some((tag) => tag.startsWith('busybox')))
    assert.ok(layered && busybox, `images: ${images.map((image) => image.tags.join(',')).join(' | ')}`)
    assert.equal(layered.layersMatched, true)
    assert.equal(layered.layerCount, busybox.layerCount + 1)
    const last = layered.steps.slice(-2)
    assert.match(last[0]!.instruction, /^RUN echo layer > \/layer.txt$/)
    assert.ok(last[0]!.layer, 'the RUN step made a layer')
    assert.deepEqual(last[0]!.layer.sharedWith, [], 'the RUN layer is its own')
    assert.equal(last[1]!.instruction, 'ENV GREETING=hi')
    assert.equal(last[1]!.layer, null, 'ENV makes no layer')
    const baseLayer = layered.steps.find((step) => step.layer)!.layer!
    assert.ok(baseLayer.sharedWith.some((name) => name.startsWith('busybox')), `base shared with ${baseLayer.sharedWith}`)
    assert.equal(busybox.steps.find((step) => step.layer)?.layer?.id, baseLayer.id)
  })

  it('Should answer containers in the state the learner put them in', { timeout: 120_000 }, async () => {
    await shell('docker create --name made busybox true >/dev/null && docker run -d --name sleeper busybox sleep 300 >/dev/null && docker pause sleeper')
    const paused = ContainersAnswerSchema().parse(await (await get('containers')).json())
    const states = Object.fromEntries(paused.containers.map((container) => [container.name, container.state]))
    assert.deepEqual(states, { made: 'created', sleeper: 'paused' })
    assert.ok(paused.containers.every((container) => container.created !== null))

    await shell('docker unpause sleeper >/dev/null && docker stop -t 0 sleeper >/dev/null && docker rm made >/dev/null')
    const after = ContainersAnswerSchema().parse(await (await get('containers')).json())
    assert.deepEqual(
      after.containers.map(({ name, state, image }) => [name, state, image]),
      [['sleeper', 'exited', 'busybox']],
    )
  })
})
