import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { describe, it } from 'node:test'
import type Dockerode from 'dockerode'
import type { CheckContext, ExecResult } from '../checks.ts'
import {
  dockerHubPath,
  imagePushed,
  loggedInToDockerHub,
  pulledBackAfterRemoval,
  pushedImageId,
  pushedImageIs,
} from './registry.ts'

const NGINX_ID = 'sha256:90026f8a55db97f58e4571c5523d743b990250403a999f23e5b489fa77d4387a'
const MANIFEST = JSON.stringify({ schemaVersion: 2, config: { digest: NGINX_ID }, layers: [] })

/** A fake inner engine whose images all have NGINX_ID, with `events` as its recent image events. */
function engine(events: { Action: string; ID: string }[] = [], images: readonly string[] = ['nginx:latest']): Dockerode {
  const lines = events.map(({ Action, ID }) => JSON.stringify({ Type: 'image', Action, Actor: { ID, Attributes: {} }, time: 1 }))
  return {
    getImage: (reference: string) => ({
      inspect: async () => {
        if (images.includes(reference)) return { Id: NGINX_ID }
        throw Object.assign(new Error('no such image'), { statusCode: 404 })
      },
    }),
    getEvents: async () => Readable.from([Buffer.from(lines.join('\n') + '\n')]),
  } as unknown as Dockerode
}

function ctx(answer: (argv: readonly string[]) => ExecResult, docker = engine()): CheckContext & { asked: string[][] } {
  const asked: string[][] = []
  return {
    docker,
    asked,
    exec: async (argv) => {
      asked.push([...argv])
      return answer(argv)
    },
  }
}

const ok = (stdout: string): ExecResult => ({ exitCode: 0, stdout, stderr: '' })
const notFound: ExecResult = { exitCode: 22, stdout: '', stderr: 'The requested URL returned error: 404' }

describe('the learner registry helpers', () => {
  it('spell Docker Hub names as the registry API does, and refuse other names', () => {
    assert.deepEqual(dockerHubPath('learner/my-web:0.1'), { repository: 'learner/my-web', tag: '0.1' })
    assert.deepEqual(dockerHubPath('nginx'), { repository: 'library/nginx', tag: 'latest' })
    assert.throws(() => dockerHubPath('localhost:5000/web'))
    assert.throws(() => dockerHubPath('Learner/Web'))
    assert.throws(() => dockerHubPath('web:1;rm -rf /'))
  })

  it('ask the registry with argv and the checks account, and read the image id from the manifest', async () => {
    const asking = ctx(() => ok(MANIFEST))
    assert.equal(await pushedImageId(asking, 'learner/my-web:0.1'), NGINX_ID)
    const argv = asking.asked[0]!
    assert.equal(argv[0], 'curl')
    assert.equal(argv.at(-1), 'https://registry-1.docker.io/v2/learner/my-web/manifests/0.1')
    assert.ok(argv.includes('/etc/docker-classroom/registry/checks.curlrc'))
    assert.equal(await pushedImageId(ctx(() => notFound), 'learner/my-web:0.1'), null)
    assert.equal(await pushedImageId(ctx(() => ok('<html>')), 'learner/my-web:0.1'), null)
  })

  it('pass the push conditions only for what the registry holds, and for the same image', async () => {
    assert.equal(await imagePushed('learner/my-web:0.1').test(ctx(() => ok(MANIFEST))), true)
    assert.equal(await imagePushed('learner/my-web:0.1').test(ctx(() => notFound)), false)
    assert.equal(await pushedImageIs('learner/my-web:0.1', 'nginx:latest').test(ctx(() => ok(MANIFEST))), true)
    const otherImage = JSON.stringify({ config: { digest: 'sha256:0000' } })
    assert.equal(await pushedImageIs('learner/my-web:0.1', 'nginx:latest').test(ctx(() => ok(otherImage))), false)
    assert.equal(await pushedImageIs('learner/my-web:0.1', 'busybox').test(ctx(() => ok(MANIFEST))), false, 'no local image')
    assert.equal(imagePushed('a/b:1', { id: 'first-push' }).id, 'first-push')
  })

  it("read a Docker Hub login from the CLI's config, and none from a missing or other one", async () => {
    const withLogin = JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth: 'bGVhcm5lcjp4' } } })
    assert.equal(await loggedInToDockerHub(ctx(() => ok(withLogin))), true)
    assert.equal(await loggedInToDockerHub(ctx(() => ok(JSON.stringify({ auths: {} })))), false)
    assert.equal(await loggedInToDockerHub(ctx(() => ok(JSON.stringify({ auths: { 'localhost:5000': {} } })))), false)
    assert.equal(await loggedInToDockerHub(ctx(() => ({ exitCode: 1, stdout: '', stderr: 'No such file' }))), false)
  })

  it('count a pull only after a name of the same image was removed', async () => {
    const reference = 'learner/my-web:0.1'
    const images = ['nginx:latest', reference]
    const pushRemovePull = [
      { Action: 'push', ID: reference },
      { Action: 'untag', ID: NGINX_ID },
      { Action: 'pull', ID: reference },
    ]
    assert.equal(await pulledBackAfterRemoval(engine(pushRemovePull, images), reference), true)
    assert.equal(await pulledBackAfterRemoval(engine(pushRemovePull.slice(0, 2), images), reference), false, 'never pulled')
    const pulledBeforeRemoval = [pushRemovePull[2]!, pushRemovePull[1]!]
    assert.equal(await pulledBackAfterRemoval(engine(pulledBeforeRemoval, images), reference), false)
    assert.equal(await pulledBackAfterRemoval(engine(pushRemovePull, ['nginx:latest']), reference), false, 'gone again')
  })
})
