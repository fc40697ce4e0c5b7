/**
 * @module Each workstation's own registry, standing in for Docker Hub, on the real engine: the
 * lesson's `docker login` → `tag` → `push` → `rmi` → `pull` works as typed and offline, catalog
 * images still come from the shared mirror, and one learner cannot see another's images. Also the
 * catalog's `registry:2`, which a learner runs as a private registry of their own.
 * Skipped when the catalog's workstation image is missing.
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { silentLogger } from '../../logger.ts'
import { newSessionId } from '../../sessions/credentials.ts'
import { readSettings } from '../../settings.ts'
import { skipWithoutWorkstation } from '../../testing/workstation-image.ts'
import type { ExecResult, SandboxHandle } from '../provider.ts'
import type { DockerProvider } from './docker-provider.ts'
import { createDockerProvider } from './index.ts'

const skipReason = await skipWithoutWorkstation()

/** What the lesson tells the learner to type to log in (the password file is theirs). */
const LOGIN = 'docker login -u learner --password-stdin < /root/registry-password.txt'

describe('the learner registry in a workstation', { skip: skipReason }, () => {
  let socketRoot: string
  let provider: DockerProvider

  before(async () => {
    socketRoot = await mkdtemp(path.join(tmpdir(), 'classroom-learner-registry-'))
    const settings = readSettings({ ...process.env, SOCKET_ROOT: socketRoot, EXEC_TIMEOUT_MS: '60000' })
    provider = await createDockerProvider({ settings, logger: silentLogger })
  })

  after(async () => {
    await rm(socketRoot, { recursive: true, force: true })
  })

  /** Runs a fixed shell line of this test (never request data) in the workstation. */
  const shell = (handle: SandboxHandle, line: string): Promise<ExecResult> => provider.exec(handle, ['sh', '-c', line])

  async function succeeds(handle: SandboxHandle, line: string): Promise<string> {
    const result = await shell(handle, line)
    assert.equal(result.exitCode, 0, `${line}\n${result.stdout}${result.stderr}`)
    return result.stdout + result.stderr
  }

  async function fails(handle: SandboxHandle, line: string): Promise<string> {
    const result = await shell(handle, line)
    assert.notEqual(result.exitCode, 0, `${line} should fail:\n${result.stdout}${result.stderr}`)
    return result.stdout + result.stderr
  }

  it('Should log in, push a Docker Hub style name, remove it, pull it back and refuse without login', { timeout: 120_000 }, async () => {
    const handle = await provider.create(newSessionId())
    try {
      // Ready with the sandbox: an engine that looked up Docker Hub's names before the registry was
      // prepared would keep failing to find it for a while.
      assert.match(await succeeds(handle, LOGIN), /Login Succeeded/)
      await succeeds(handle, 'docker logout')
      await succeeds(handle, 'docker pull busybox')
      await succeeds(handle, 'docker tag busybox learner/my-box:0.1')
      assert.match(await fails(handle, 'docker push learner/my-box:0.1'), /no basic auth credentials/, 'push needs a login')
      assert.match(
        await fails(handle, 'echo wrong-password | docker login -u learner --password-stdin'),
        /401 Unauthorized/,
        'a wrong password is refused',
      )

      assert.match(await succeeds(handle, LOGIN), /Login Succeeded/)
      const config = JSON.parse(await succeeds(handle, 'cat /root/.docker/config.json')) as { auths: Record<string, unknown> }
      assert.ok('https://index.docker.io/v1/' in config.auths, 'the CLI stored the login under Docker Hub')
      assert.match(await succeeds(handle, 'docker push learner/my-box:0.1'), /0\.1: digest: sha256:/)

      const catalog = await succeeds(
        handle,
        'curl -fsS -K /etc/docker-classroom/registry/checks.curlrc https://registry-1.docker.io/v2/_catalog',
      )
      assert.deepEqual(JSON.parse(catalog), { repositories: ['learner/my-box'] }, 'the registry holds what was pushed')
      // On the inner engine's storage, so it counts in the workstation's disk and goes with it.
      await succeeds(handle, 'test -d /var/lib/docker/learner-registry/docker/registry/v2/repositories/learner/my-box')

      await succeeds(handle, 'docker rmi learner/my-box:0.1 busybox')
      await fails(handle, 'docker image inspect learner/my-box:0.1')
      assert.match(await succeeds(handle, 'docker pull learner/my-box:0.1'), /Downloaded newer image for learner\/my-box:0\.1/)
      assert.equal((await succeeds(handle, 'docker run --rm learner/my-box:0.1 echo back')).trim(), 'back')

      await succeeds(handle, 'docker logout')
      await succeeds(handle, 'docker rmi learner/my-box:0.1')
      assert.match(await fails(handle, 'docker pull learner/my-box:0.1'), /no basic auth credentials/, 'after logout nothing is pulled')
    } finally {
      await provider.destroy(handle)
    }
  })

  it("Should keep one learner's images from another, and serve catalog images from the mirror to both", { timeout: 120_000 }, async () => {
    const [first, second] = await Promise.all([provider.create(newSessionId()), provider.create(newSessionId())])
    try {
      await succeeds(first, `docker pull busybox && docker tag busybox learner/secret:1 && ${LOGIN} && docker push learner/secret:1`)

      // The same name, logged in to its own registry: the second learner's Docker Hub has no such image.
      await succeeds(second, LOGIN)
      assert.match(await fails(second, 'docker pull learner/secret:1'), /manifest unknown/)
      // Nor can the second reach the first's registry on the network they share.
      const firstAddress = await provider.previewHost(first)
      assert.notEqual(
        (await shell(second, `curl -sS --max-time 5 -k https://${firstAddress}/v2/`)).exitCode,
        0,
        "another workstation's registry is not reachable",
      )
      // The first learner's password is not the second's.
      assert.notEqual(
        await succeeds(first, 'cat /root/registry-password.txt'),
        await succeeds(second, 'cat /root/registry-password.txt'),
      )
      // Catalog images still come from the shared mirror, logged in or not.
      await succeeds(second, 'docker pull hello-world && docker logout && docker pull nginx')
      // And nobody writes into that mirror: the engine speaks only HTTPS to it for a push.
      await succeeds(first, 'docker tag busybox registry:5000/library/busybox:poisoned')
      assert.match(
        await fails(first, 'docker push registry:5000/library/busybox:poisoned'),
        /server gave HTTP response to HTTPS client/,
      )
    } finally {
      await Promise.all([provider.destroy(first), provider.destroy(second)])
    }
  })

  it('Should run the catalog registry:2 as a private registry on localhost:5000, without a login', { timeout: 120_000 }, async () => {
    const handle = await provider.create(newSessionId())
    try {
      await succeeds(handle, 'docker run -d -p 5000:5000 --name registry registry:2')
      await succeeds(handle, 'docker pull busybox && docker tag busybox localhost:5000/my-box:1')
      // The registry container answers a moment after it starts.
      await succeeds(handle, 'for try in 1 2 3 4 5 6 7 8 9 10; do curl -fsS localhost:5000/v2/ && exit; sleep 0.5; done; exit 1')
      assert.match(await succeeds(handle, 'docker push localhost:5000/my-box:1'), /1: digest: sha256:/)
      await succeeds(handle, 'docker rmi localhost:5000/my-box:1')
      assert.match(await succeeds(handle, 'docker pull localhost:5000/my-box:1'), /Downloaded newer image for localhost:5000\/my-box:1/)
      assert.deepEqual(JSON.parse(await succeeds(handle, 'curl -fsS localhost:5000/v2/_catalog')), { repositories: ['my-box'] })
    } finally {
      await provider.destroy(handle)
    }
  })
})
