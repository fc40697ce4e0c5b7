/**
 * @module The APIs behind the site's editor, live pictures and preview, on the real engine through
 * a listening server: the lessons' files in a new session's workstation, files written through the
 * API and read in the workstation (and back),
 * traversal and symlink escapes refused, engine events of a container started through the inner
 * API, and an inner nginx previewed with the cookie only. Skipped when the workstation image is
 * missing.
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, before, describe, it } from 'node:test'
import Dockerode from 'dockerode'
import { workspaceFiles, type Lesson } from '@docker-classroom/lessons'
import { silentLogger } from './logger.ts'
import { createDockerProvider } from './sandbox/docker/index.ts'
import type { DockerProvider } from './sandbox/docker/docker-provider.ts'
import type { SandboxHandle } from './sandbox/provider.ts'
import { startServer, type RunningServer } from './server.ts'
import { SessionManager } from './sessions/session-manager.ts'
import { MemorySessionStore } from './sessions/store.ts'
import { readSettings } from './settings.ts'
import { SseReader } from './testing/sse-client.ts'
import { loadLessonOne } from './testing/test-app.ts'
import { skipWithoutWorkstation } from './testing/workstation-image.ts'

const skipReason = await skipWithoutWorkstation()

/** Pulls `image` into an inner engine (through the catalog's registry mirror). */
async function pull(docker: Dockerode, image: string): Promise<void> {
  const stream = await docker.pull(image)
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve())),
  )
}

describe('Workstation APIs on the real engine', { skip: skipReason }, () => {
  let server: RunningServer
  let socketRoot: string
  let provider: DockerProvider
  let sessions: SessionManager
  let session: { id: string; token: string }
  let handle: SandboxHandle
  let auth: { Authorization: string }
  let lessons: Lesson[]

  const files = (filePath: string, init: RequestInit = {}) =>
    fetch(`${server.url}/api/sessions/${session.id}/files?path=${encodeURIComponent(filePath)}`, {
      ...init,
      headers: { ...auth, 'Content-Type': 'application/json', ...init.headers },
    })
  const errorCode = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code

  before(async () => {
    socketRoot = await mkdtemp(path.join(tmpdir(), 'classroom-apis-'))
    const settings = readSettings({ ...process.env, SOCKET_ROOT: socketRoot })
    provider = await createDockerProvider({ settings, logger: silentLogger })
    lessons = await loadLessonOne()
    sessions = new SessionManager({
      store: new MemorySessionStore(),
      provider,
      settings,
      logger: silentLogger,
      workspaceFiles: workspaceFiles(lessons),
    })
    server = await startServer({
      sessions,
      provider,
      lessons,
      settings,
      logger: silentLogger,
      port: 0,
      host: '127.0.0.1',
      reapIntervalMs: settings.reapIntervalMs,
    })
    const created = await fetch(`${server.url}/api/sessions`, { method: 'POST' })
    assert.equal(created.status, 201)
    session = (await created.json()) as { id: string; token: string }
    auth = { Authorization: `Bearer ${session.token}` }
    handle = (await sessions.find(session.id))!.handle!
  })

  after(async () => {
    await server?.close('test over')
    await rm(socketRoot, { recursive: true, force: true })
  })

  it("Should have lesson 1's files in the new session's workstation, root-owned", { timeout: 60_000 }, async () => {
    const shipped = lessons[0]!.files['README.md']
    assert.ok(shipped, 'lesson 1 ships files/README.md')
    const read = await files('first-container/README.md')
    assert.equal(read.status, 200)
    assert.equal(((await read.json()) as { content: string }).content, shipped)
    const owner = await provider.exec(handle, ['stat', '-c', '%U %a', '/root/workspace/first-container', '/root/workspace/first-container/README.md'])
    assert.equal(owner.stdout, 'root 755\nroot 644\n')
  })

  it('Should write a Korean file that cat shows, read one made in the shell, and refuse escapes', { timeout: 60_000 }, async () => {
    const content = '<h1>안녕, 도커 교실!</h1>\n'
    const written = await files('인사.html', { method: 'PUT', body: JSON.stringify({ content }) })
    assert.equal(written.status, 200, await written.clone().text())
    const cat = await provider.exec(handle, ['cat', '/root/workspace/인사.html'])
    assert.equal(cat.stdout, content)
    const owner = await provider.exec(handle, ['stat', '-c', '%U %a', '/root/workspace/인사.html'])
    assert.equal(owner.stdout.trim(), 'root 644')

    const made = await provider.exec(handle, [
      'sh',
      '-c',
      'mkdir -p /root/workspace/앱 && printf "FROM nginx\\n# 한글 주석\\n" > /root/workspace/앱/Dockerfile && ln -s /etc /root/workspace/etc',
    ])
    assert.equal(made.exitCode, 0, made.stderr)
    const read = await files('앱/Dockerfile')
    assert.equal(read.status, 200)
    const file = (await read.json()) as { content: string; version: string }
    assert.equal(file.content, 'FROM nginx\n# 한글 주석\n')
    assert.equal(read.headers.get('ETag'), file.version)

    await provider.exec(handle, ['sh', '-c', 'echo "# changed in the terminal" >> /root/workspace/앱/Dockerfile'])
    const stale = await files('앱/Dockerfile', { method: 'PUT', headers: { 'If-Match': file.version }, body: JSON.stringify({ content: 'x' }) })
    assert.equal(stale.status, 409)

    for (const escape of ['../.bashrc', '/etc/passwd', '앱/../../.bashrc']) {
      assert.equal((await files(escape)).status, 400, escape)
    }
    const throughLink = await files('etc/passwd')
    assert.equal(throughLink.status, 400)
    assert.equal(await errorCode(throughLink), 'symlink_not_allowed')
    const writeThroughLink = await files('etc/evil', { method: 'PUT', body: JSON.stringify({ content: 'x' }) })
    assert.equal(writeThroughLink.status, 400)
    assert.equal((await provider.exec(handle, ['test', '-e', '/etc/evil'])).exitCode, 1)
  })

  it('Should stream create and start of a container started through the inner API', { timeout: 90_000 }, async () => {
    const inner = provider.innerDocker(handle)
    await pull(inner, 'busybox')
    const response = await fetch(`${server.url}/api/sessions/${session.id}/events`, { headers: auth })
    assert.equal(response.status, 200)
    const stream = new SseReader(response)
    const snapshot = JSON.parse((await stream.waitFor((event) => event.event === 'snapshot')).data) as {
      images: { tags: string[] }[]
    }
    assert.ok(snapshot.images.some((image) => image.tags.includes('busybox:latest')), JSON.stringify(snapshot))

    const startedAt = performance.now()
    const container = await inner.createContainer({ Image: 'busybox', name: 'events-probe', Cmd: ['sleep', '60'] })
    await container.start()
    for (const action of ['create', 'start']) {
      const seen = JSON.parse(
        (await stream.waitFor((event) => event.event === 'container' && JSON.parse(event.data).action === action)).data,
      ) as { id: string; name: string; image: string }
      assert.deepEqual({ id: seen.id, name: seen.name, image: seen.image }, { id: container.id, name: 'events-probe', image: 'busybox' })
    }
    console.log(JSON.stringify({ eventsStartSeenMs: Math.round(performance.now() - startedAt) }))
    await stream.cancel()
  })

  it('Should preview an inner nginx on 8080 with the cookie only', { timeout: 120_000 }, async () => {
    const inner = provider.innerDocker(handle)
    await pull(inner, 'nginx')
    const web = await inner.createContainer({
      Image: 'nginx',
      name: 'web',
      ExposedPorts: { '80/tcp': {} },
      HostConfig: { PortBindings: { '80/tcp': [{ HostPort: '8080' }] } },
    })
    await web.start()

    const ports = (await (await fetch(`${server.url}/api/sessions/${session.id}/ports`, { headers: auth })).json()) as {
      ports: { publicPort: number; privatePort: number; previewPath?: string }[]
    }
    assert.deepEqual(ports.ports.map((port) => [port.privatePort, port.publicPort, port.previewPath]), [
      [80, 8080, `/preview/${session.id}/8080/`],
    ])

    const access = await fetch(`${server.url}/api/sessions/${session.id}/preview-access`, { method: 'POST', headers: auth })
    const cookie = (access.headers.get('Set-Cookie') ?? '').split(';')[0]!
    const preview = `${server.url}/preview/${session.id}/8080/`
    let page = await fetch(preview, { headers: { Cookie: cookie } })
    for (let attempt = 0; page.status === 502 && attempt < 40; attempt += 1) {
      await sleep(250)
      page = await fetch(preview, { headers: { Cookie: cookie } })
    }
    assert.equal(page.status, 200)
    assert.match(await page.text(), /Welcome to nginx!/)
    const roundTripsMs: number[] = []
    for (let round = 0; round < 10; round += 1) {
      const timedAt = performance.now()
      await (await fetch(preview, { headers: { Cookie: cookie } })).text()
      roundTripsMs.push(performance.now() - timedAt)
    }
    roundTripsMs.sort((a, b) => a - b)
    console.log(JSON.stringify({ previewRoundTripMedianMs: Math.round(roundTripsMs[5]!) }))

    assert.equal((await fetch(preview)).status, 401)
    assert.equal((await fetch(preview, { headers: { Cookie: `${cookie.split('=')[0]}=forged` } })).status, 403)
    const closedPort = await fetch(`${server.url}/preview/${session.id}/8081/`, { headers: { Cookie: cookie } })
    assert.equal(closedPort.status, 502)
  })

  it('Should end the events stream when the session is deleted', { timeout: 60_000 }, async () => {
    const stream = new SseReader(await fetch(`${server.url}/api/sessions/${session.id}/events`, { headers: auth }))
    await stream.waitFor((event) => event.event === 'snapshot')
    const deleted = await fetch(`${server.url}/api/sessions/${session.id}`, { method: 'DELETE', headers: auth })
    assert.equal(deleted.status, 204)
    await stream.ended
    assert.equal(stream.events.at(-1)?.event, 'end')
  })
})
