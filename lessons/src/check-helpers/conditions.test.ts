import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type Dockerode from 'dockerode'
import type { CheckContext } from '../checks.ts'
import { containerExists, containerPublishesPort, containerUsesImage, imageExists, workstationAnswersHttp } from './conditions.ts'

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
