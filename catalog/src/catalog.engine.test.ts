/**
 * Against the host's real engine: the catalog builds (or reuses) every image, a second run is
 * fast, the images behave like their namesakes, and a workstation created with the flags the
 * sandbox server uses runs a nested engine that pulls through the registry mirror.
 */
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import Dockerode from 'dockerode'
import {
  ensureCatalog,
  LABEL_ROLE,
  REGISTRY_HOST_URL,
  SANDBOX_NETWORK,
  REGISTRY_CONTAINER,
  REGISTRY_PUBLISHER_CONTAINER,
  type CatalogReport,
} from './index.ts'
import { CATALOG_IMAGES } from './catalog-images.ts'
import { execute, runToCompletion, startWorkstation, TEST_ROLE, waitFor } from './engine-testing.ts'
import { registryRepository } from './registry.ts'
import { addEntry, tarStream } from './rootfs-tar.ts'

const docker = new Dockerode()

describe('the image catalog on the real engine', () => {
  let firstReport: CatalogReport

  before(async () => {
    firstReport = await ensureCatalog({ docker, onProgress: () => {} })
  })

  it('reuses every image, both registry containers, and pushes nothing on a second run, in under 3 s', async () => {
    const registryContainerIds = async (): Promise<string[]> =>
      Promise.all(
        [REGISTRY_CONTAINER, REGISTRY_PUBLISHER_CONTAINER].map(
          async (name) => (await docker.getContainer(name).inspect()).Id,
        ),
      )
    const containersBefore = await registryContainerIds()
    const report = await ensureCatalog({ docker, onProgress: () => {} })
    assert.deepEqual(await registryContainerIds(), containersBefore)
    assert.deepEqual(
      report.images.map((image) => [image.name, image.action, image.registry]),
      firstReport.images.map((image) => [
        image.name,
        'reused',
        image.registry === 'host-only' ? 'host-only' : 'present',
      ]),
    )
    assert.ok(report.seconds < 3, `second run took ${report.seconds} s`)
  })

  it('serves the learner-facing images, and only those, from the registry', async () => {
    const response = await fetch(`${REGISTRY_HOST_URL}/v2/_catalog`)
    const { repositories } = (await response.json()) as { repositories: string[] }
    // From the list itself (catalog-images.test.ts pins how names map): every published image is
    // there, and nothing host-only (the workstation, the registry) leaked into it.
    const published = CATALOG_IMAGES.filter((image) => image.publish === 'registry').map(registryRepository)
    assert.deepEqual(repositories.sort(), [...new Set(published)].sort())
    assert.ok(repositories.includes('library/nginx') && repositories.includes('devwikirepo/leafy-backend'))
  })

  it('hello-world greets in Korean and English', async () => {
    const output = await runToCompletion(docker, 'hello-world')
    assert.match(output, /Hello from Docker!/)
    assert.match(output, /도커에서 보내는 인사입니다!/)
    assert.match(output, /docker run -it debian bash/)
  })

  it('busybox runs echo', async () => {
    assert.equal(await runToCompletion(docker, 'busybox', { cmd: ['echo', 'hi'] }), 'hi\n')
  })

  it('debian is bookworm under all its tags', async () => {
    for (const reference of ['debian:bookworm', 'debian:12', 'debian:latest']) {
      assert.match(
        await runToCompletion(docker, reference, { cmd: ['cat', '/etc/os-release'] }),
        /bookworm/,
      )
    }
  })

  it('nginx serves its welcome page on port 80 and logs to stdout', async () => {
    const container = await docker.createContainer({
      Image: 'nginx:latest',
      Labels: { [LABEL_ROLE]: TEST_ROLE },
      HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } },
    })
    try {
      await container.start()
      const info = await container.inspect()
      const hostPort = info.NetworkSettings.Ports['80/tcp']?.[0]?.HostPort
      assert.ok(hostPort, 'port 80 is published')
      const page = await waitFor('nginx answers', 10_000, async () => {
        const response = await fetch(`http://127.0.0.1:${hostPort}/`)
        return response.text()
      })
      assert.match(page, /<title>Welcome to nginx!<\/title>/)
      // The engine copies container output to its log asynchronously.
      await waitFor('the access log line reaches stdout', 5_000, async () => {
        const logs = (await container.logs({ stdout: true })).toString('utf8')
        assert.match(logs, /"GET \/ HTTP\/1\.1" 200/)
      })
    } finally {
      await container.remove({ force: true, v: true })
    }
  })
})

describe('a workstation made like the sandbox server makes it', () => {
  let socketDirectory = ''
  let workstation: Dockerode.Container | undefined
  let removeWorkstation = async (): Promise<void> => {}

  before(async () => {
    await ensureCatalog({ docker, onProgress: () => {} })
    const started = await startWorkstation(docker, SANDBOX_NETWORK)
    ;({ socketDirectory, container: workstation, remove: removeWorkstation } = started)
  })

  /** The page at `url` as the learner's curl gets it, retried while the server starts. */
  async function curlInWorkstation(url: string): Promise<string> {
    assert.ok(workstation)
    const retries = ['--retry', '20', '--retry-connrefused', '--retry-delay', '1']
    const page = await execute(docker, workstation, ['curl', '-fsS', ...retries, url])
    assert.equal(page.exitCode, 0, page.output)
    return page.output
  }

  after(() => removeWorkstation())

  it('answers on the inner engine socket in the bind-mounted directory', async () => {
    const inner = new Dockerode({ socketPath: path.join(socketDirectory, 'docker.sock') })
    const info = await waitFor('the inner engine answers', 20_000, () => inner.info())
    assert.equal(info.Driver, 'overlay2')
    assert.deepEqual(info.RegistryConfig?.Mirrors, ['http://registry:5000/'])
  })

  it("runs the learner's docker commands through the mirror", async () => {
    assert.ok(workstation)
    const echo = await execute(docker, workstation, [
      'docker',
      'run',
      '--rm',
      'busybox',
      'echo',
      'hi',
    ])
    assert.equal(echo.exitCode, 0, echo.output)
    assert.match(echo.output, /^hi$/m)

    const hello = await execute(docker, workstation, ['docker', 'run', '--rm', 'hello-world'])
    assert.equal(hello.exitCode, 0, hello.output)
    assert.match(hello.output, /도커에서 보내는 인사입니다!/)

    const nginx = await execute(docker, workstation, [
      'docker',
      'run',
      '-d',
      '-p',
      '8080:80',
      'nginx',
    ])
    assert.equal(nginx.exitCode, 0, nginx.output)
    assert.match(await curlInWorkstation('http://localhost:8080/'), /Welcome to nginx!/)
  })

  // Pulls and starts two services: a hang fails this test rather than stalling the run.
  const composeTest = { timeout: 120_000 }
  it('runs `docker compose` and `docker-compose` on a compose file', composeTest, async () => {
    assert.ok(workstation)
    const composeFile = [
      'services:',
      '  web:',
      '    image: nginx',
      '    ports:',
      '      - "8081:80"',
      '  sidekick:',
      '    image: busybox',
      // A shell as PID 1 ignores SIGTERM unless it traps it: `down` would wait 10 s for it.
      `    command: ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"]`,
      '',
    ].join('\n')
    await workstation.putArchive(
      tarStream((pack) =>
        addEntry(
          pack,
          { name: 'compose.yaml', mode: 0o644, type: 'file' },
          Buffer.from(composeFile),
        ),
      ),
      { path: '/root/workspace' },
    )
    const up = await execute(docker, workstation, ['docker', 'compose', 'up', '-d'])
    assert.equal(up.exitCode, 0, up.output)
    for (const ps of [
      ['docker', 'compose', 'ps'],
      ['docker-compose', 'ps'],
    ]) {
      const listing = await execute(docker, workstation, ps)
      assert.equal(listing.exitCode, 0, listing.output)
      assert.match(listing.output, /workspace_web_1 .* Up /)
      assert.match(listing.output, /workspace_sidekick_1 .* Up /)
    }
    assert.match(await curlInWorkstation('http://localhost:8081/'), /Welcome to nginx!/)

    const down = await execute(docker, workstation, ['docker', 'compose', 'down'])
    assert.equal(down.exitCode, 0, down.output)
    const left = await execute(docker, workstation, [
      'docker',
      'ps',
      '--all',
      '--quiet',
      '--filter',
      'label=com.docker.compose.project=workspace',
    ])
    assert.equal(left.output.trim(), '', 'down removes the project containers')
  })

  it("nests the inner containers under the workstation's own cgroup", async () => {
    assert.ok(workstation)
    const { output } = await execute(docker, workstation, ['cat', '/etc/docker/daemon.json'])
    const cgroupParent = (JSON.parse(output) as { 'cgroup-parent'?: string })['cgroup-parent']
    if (existsSync('/sys/fs/cgroup/cgroup.controllers')) {
      // cgroup v2: the dind nesting leaves the engine's default in place.
      assert.equal(cgroupParent, undefined)
      return
    }
    const { Id } = await workstation.inspect()
    assert.equal(cgroupParent, `/docker/${Id}/dind`)
    const inner = new Dockerode({ socketPath: path.join(socketDirectory, 'docker.sock') })
    const [nginx] = await inner.listContainers({ filters: { ancestor: ['nginx'] } })
    assert.ok(nginx, 'the inner nginx runs')
    assert.ok(existsSync(`/sys/fs/cgroup/memory${cgroupParent}/${nginx.Id}`))
  })
})
