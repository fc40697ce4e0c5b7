/**
 * @module The images the course's notes name, typed as the notes type them in a real workstation:
 * pulled through the catalog's registry (the inner engine's Docker Hub mirror), run, re-tagged and
 * served. Skipped when the catalog's workstation image is missing.
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
import type { SandboxHandle } from '../provider.ts'
import type { DockerProvider } from './docker-provider.ts'
import { createDockerProvider } from './index.ts'

const skipReason = await skipWithoutWorkstation()

describe('images the notes name, in a workstation', { skip: skipReason, timeout: 240_000 }, () => {
  let socketRoot: string
  let provider: DockerProvider
  let handle: SandboxHandle

  /** Runs one fixed shell line of this test in the workstation and returns its output; it must succeed. */
  async function shell(line: string): Promise<string> {
    const result = await provider.exec(handle, ['sh', '-c', line])
    assert.equal(result.exitCode, 0, `${line}\n${result.stdout}${result.stderr}`)
    return result.stdout
  }

  before(async () => {
    socketRoot = await mkdtemp(path.join(tmpdir(), 'classroom-note-images-'))
    // Pulls through the mirror take a few seconds each on a busy machine.
    const settings = readSettings({ ...process.env, SOCKET_ROOT: socketRoot, EXEC_TIMEOUT_MS: '90000' })
    provider = await createDockerProvider({ settings, logger: silentLogger })
    handle = await provider.create(newSessionId())
  })

  after(async () => {
    if (handle) await provider.destroy(handle)
    await rm(socketRoot, { recursive: true, force: true })
  })

  it('pulls devwikirepo/simple-web:1.0 and re-tags it under the learner’s own name', async () => {
    await shell('docker pull devwikirepo/simple-web:1.0')
    await shell('docker tag devwikirepo/simple-web:1.0 learner/my-simple-web:0.1')
    const ids = await shell("docker image inspect --format '{{.Id}}' devwikirepo/simple-web:1.0 learner/my-simple-web:0.1")
    assert.equal(new Set(ids.trim().split('\n')).size, 1, 'two names, one image')
    const page = await shell('docker run --rm learner/my-simple-web:0.1 cat /usr/share/nginx/html/index.html')
    assert.match(page, /버전 1\.0/)
  })

  it('serves the Korean getting-started page with docker run -d -p 80:80 docker/getting-started', async () => {
    await shell('docker run -d -p 80:80 --name tutorial docker/getting-started')
    const page = await shell('curl -s --retry 10 --retry-connrefused --retry-delay 1 http://localhost:80/')
    assert.match(page, /<h1>도커 시작하기<\/h1>/)
  })

  it('runs nginx:1.18 and node:12.16.3 as the catalog’s nginx and node, and shows hello-nginx’s own layers', async () => {
    assert.match(await shell('docker run --rm nginx:1.18 nginx -v 2>&1'), /nginx version: nginx\/1\.22/)
    assert.match(await shell('docker run --rm node:12.16.3 node -e "console.log(process.version)"'), /^v18\./)
    // `history` reads the local store only, here as on Docker Hub: the image is pulled first.
    await shell('docker pull devwikirepo/hello-nginx')
    const history = await shell("docker image history --no-trunc --format '{{.CreatedBy}}' devwikirepo/hello-nginx")
    assert.match(history, /echo '<h1>hello, nginx!<\/h1>' > index.html/)
    assert.match(history, /WORKDIR \/usr\/share\/nginx\/html/)
  })
})
