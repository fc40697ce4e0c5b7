import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type Dockerode from 'dockerode'
import type { CheckContext } from '../checks.ts'
import {
  containerExists,
  containerHasEnv,
  containerMountsVolume,
  containerPublishesPort,
  containerUsesImage,
  imageExists,
  imageHasLabel,
  imageLayersAtMost,
  workstationAnswersHttp,
  workstationFileContains,
} from './conditions.ts'

/** A fake inner engine that knows one container, named web, made from nginx:1.22 with 8080→80. */
function engineWithWeb(): Dockerode {
  const details = {
    Config: { Image: 'nginx:1.22' },
    State: { Running: true },
    NetworkSettings: { Ports: { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }] } },
  }
  return {
    listContainers: async ({ filters }: { filters: { name: string[] } }) =>
      filters.name[0] === '^/web$' ? [{ Id: 'abc' }] : [],
    getContainer: () => ({ inspect: async () => details }),
  } as unknown as Dockerode
}

const ctx = (exec: CheckContext['exec'] = async () => ({ exitCode: 0, stdout: '200', stderr: '' })): CheckContext => ({
  docker: engineWithWeb(),
  exec,
})

describe('ready-made conditions', () => {
  it('have stable ids and Korean default messages naming the container', () => {
    const exists = containerExists('web')
    assert.equal(exists.id, 'container-exists')
    assert.equal(exists.failMessage, 'web 컨테이너가 없습니다.')
    assert.equal(containerUsesImage('web', 'nginx').id, 'uses-nginx')
    assert.equal(containerPublishesPort('web', 8080, 80).id, 'port-8080')
  })

  it('let a lesson override the text but not the test', async () => {
    const exists = containerExists('db', { id: 'database', hint: '먼저 db 를 띄우세요.' })
    assert.equal(exists.id, 'database')
    assert.equal(exists.hint, '먼저 db 를 띄우세요.')
    assert.equal(exists.passMessage, 'db 컨테이너가 있습니다.')
    assert.equal(await exists.test(ctx()), false)
  })

  it('ask the engine: name, image regardless of tag, published port', async () => {
    assert.equal(await containerExists('web').test(ctx()), true)
    assert.equal(await containerUsesImage('web', 'nginx').test(ctx()), true)
    assert.equal(await containerUsesImage('web', 'busybox').test(ctx()), false)
    assert.equal(await containerPublishesPort('web', 8080, 80).test(ctx()), true)
    assert.equal(await containerPublishesPort('web', 9090, 80).test(ctx()), false)
  })

  it('pass HTTP only on a 200 answer in the workstation', async () => {
    const asked: string[][] = []
    const answering = ctx(async (argv) => {
      asked.push([...argv])
      return { exitCode: 0, stdout: '200', stderr: '' }
    })
    assert.equal(await workstationAnswersHttp(8080).test(answering), true)
    assert.ok(asked[0]!.includes('http://localhost:8080/'))
    const refused = ctx(async () => ({ exitCode: 7, stdout: '000', stderr: '' }))
    assert.equal(await workstationAnswersHttp(8080).test(refused), false)
  })

  it('find an image by its exact reference', async () => {
    const engine = {
      getImage: (reference: string) => ({
        inspect: async () => {
          if (reference === 'my-app:1.0') return { Id: 'sha256:abc' }
          throw Object.assign(new Error('no such image'), { statusCode: 404 })
        },
      }),
    } as unknown as Dockerode
    const context: CheckContext = { docker: engine, exec: async () => ({ exitCode: 0, stdout: '', stderr: '' }) }
    assert.equal(imageExists('my-app:1.0').id, 'image-exists')
    assert.equal(await imageExists('my-app:1.0').test(context), true)
    assert.equal(await imageExists('my-app:2.0').test(context), false)
  })
})

describe('more ready-made conditions', () => {
  /** A fake engine with one container `app` (env, a volume mount) and one image `site:1` (labels, 3 layers). */
  function engine(): Dockerode {
    const container = {
      Config: { Image: 'postgres:15', Env: ['APP_MODE=production', 'EMPTY='] },
      State: { Running: true },
      Mounts: [{ Type: 'volume', Name: 'pgdata', Destination: '/var/lib/postgresql/data', RW: true }],
      NetworkSettings: { Ports: {} },
    }
    const image = { Config: { Labels: { maintainer: '도커 교실' } }, RootFS: { Layers: ['a', 'b', 'c'] } }
    return {
      listContainers: async ({ filters }: { filters: { name: string[] } }) => (filters.name[0] === '^/app$' ? [{ Id: 'app' }] : []),
      getContainer: () => ({ inspect: async () => container }),
      getImage: (reference: string) => ({
        inspect: async () => {
          if (reference === 'site:1') return image
          throw Object.assign(new Error('no such image'), { statusCode: 404 })
        },
      }),
    } as unknown as Dockerode
  }
  const context = (exec: CheckContext['exec'] = async () => ({ exitCode: 1, stdout: '', stderr: '' })): CheckContext => ({ docker: engine(), exec })

  it('check environment variables and volume mounts of a container', async () => {
    assert.equal(containerHasEnv('app', 'APP_MODE', 'production').id, 'env-app-mode')
    assert.equal(await containerHasEnv('app', 'APP_MODE', 'production').test(context()), true)
    assert.equal(await containerHasEnv('app', 'APP_MODE', 'dev').test(context()), false)
    assert.equal(await containerHasEnv('nobody', 'APP_MODE', 'production').test(context()), false)
    assert.equal(await containerMountsVolume('app', 'pgdata', '/var/lib/postgresql/data').test(context()), true)
    assert.equal(await containerMountsVolume('app', 'other', '/var/lib/postgresql/data').test(context()), false)
  })

  it('check labels and layer counts of an image, and say no for a missing image', async () => {
    assert.equal(await imageHasLabel('site:1', 'maintainer').test(context()), true)
    assert.equal(await imageHasLabel('site:1', 'maintainer', '도커 교실').test(context()), true)
    assert.equal(await imageHasLabel('site:1', 'maintainer', '다른 사람').test(context()), false)
    assert.equal(await imageHasLabel('none:1', 'maintainer').test(context()), false)
    assert.equal(await imageLayersAtMost('site:1', 3).test(context()), true)
    assert.equal(await imageLayersAtMost('site:1', 2).test(context()), false)
    assert.equal(await imageLayersAtMost('none:1', 9).test(context()), false)
  })

  it('look for plain text in a workstation file with grep arguments, never a shell line', async () => {
    const asked: string[][] = []
    const found = context(async (argv) => {
      asked.push([...argv])
      return { exitCode: 0, stdout: '', stderr: '' }
    })
    assert.equal(await workstationFileContains('/root/a.txt', '$(reboot)').test(found), true)
    assert.deepEqual(asked[0], ['grep', '-qF', '--', '$(reboot)', '/root/a.txt'])
    assert.equal(await workstationFileContains('/root/a.txt', 'x').test(context()), false)
  })
})
