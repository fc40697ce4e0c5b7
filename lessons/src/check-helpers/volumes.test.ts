import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import type Dockerode from 'dockerode'
import { execInContainer, inspectVolume, isBindMount, isVolumeMount, mountAt, type MountDetails } from './volumes.ts'
import { engineWithImage } from './real-engine.ts'

const notFound = () => Object.assign(new Error('not found'), { statusCode: 404 })

/** A fake engine with one volume, pgdata, and one container, db, that mounts it and binds a folder. */
const docker = {
  getVolume: (name: string) => ({
    inspect: async () => {
      if (name !== 'pgdata') throw notFound()
      return { Name: 'pgdata', Mountpoint: '/var/lib/docker/volumes/pgdata/_data' }
    },
  }),
  listContainers: async ({ filters }: { filters: { name: string[] } }) => (filters.name[0] === '^/db$' ? [{ Id: 'c1' }] : []),
  getContainer: () => ({
    inspect: async () => ({
      Id: 'c1',
      State: { Running: false },
      Mounts: [
        { Type: 'volume', Name: 'pgdata', Source: '/var/lib/docker/volumes/pgdata/_data', Destination: '/var/lib/postgresql/data', RW: true },
        { Type: 'bind', Source: '/root/workspace/volumes/site', Destination: '/usr/share/nginx/html', RW: false },
      ],
    }),
  }),
} as unknown as Dockerode

describe('volume helpers', () => {
  it('find a volume by name, null when there is none', async () => {
    assert.equal((await inspectVolume(docker, 'pgdata'))?.Name, 'pgdata')
    assert.equal(await inspectVolume(docker, 'other'), null)
  })

  it('tell what a container mounts at a path, and of which kind', async () => {
    const data = await mountAt(docker, 'db', '/var/lib/postgresql/data')
    const site = await mountAt(docker, 'db', '/usr/share/nginx/html')
    assert.equal(isVolumeMount(data, 'pgdata'), true)
    assert.equal(isVolumeMount(data, 'other'), false)
    assert.equal(isVolumeMount(site, 'pgdata'), false)
    assert.equal(isBindMount(site, '/root/workspace/volumes/site/'), true)
    assert.equal(isBindMount(site, '/root/workspace'), false)
    assert.equal(isBindMount(data, '/var/lib/docker/volumes/pgdata/_data'), false)
    assert.equal(site?.RW, false)
    assert.equal(await mountAt(docker, 'db', '/elsewhere'), null)
    assert.equal(await mountAt(docker, 'missing', '/var/lib/postgresql/data'), null)
    assert.equal(isVolumeMount(null, 'pgdata'), false)
    assert.equal(isBindMount({ Type: 'bind', Source: '/a', Destination: '/b', RW: true } satisfies MountDetails, '/a'), true)
  })

  it('run nothing in a container that is not running', async () => {
    assert.equal(await execInContainer(docker, 'db', ['true']), null)
    assert.equal(await execInContainer(docker, 'missing', ['true']), null)
  })
})

describe('volume helpers on the real engine', async () => {
  const engine = await engineWithImage('busybox')
  const name = `lessons-volumes-test-${process.pid}`
  after(async () => {
    await engine?.getContainer(name).remove({ force: true }).catch(() => {})
  })

  it('run an argument vector in a running container and return its output and exit code', { skip: engine ? false : 'no engine with busybox' }, async () => {
    const container = await engine!.createContainer({ Image: 'busybox', name, Cmd: ['sleep', '60'], HostConfig: { NetworkMode: 'none' } })
    await container.start()
    const greeting = await execInContainer(engine!, name, ['echo', '안녕; $(no shell here)'])
    assert.deepEqual(greeting, { exitCode: 0, stdout: '안녕; $(no shell here)\n', stderr: '' })
    const failing = await execInContainer(engine!, name, ['sh', '-c', 'echo 오류 >&2; exit 3'])
    assert.deepEqual(failing, { exitCode: 3, stdout: '오류\n', stderr: '' })
  })
})
