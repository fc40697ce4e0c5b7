/**
 * Against the host's real engine: the catalog's python, node and postgres images behave like the
 * official images where a learner would notice — commands on PATH, UTF-8, default commands, a
 * Dockerfile built FROM them, and postgres's environment variables, init scripts, network
 * access by name, data on a named volume and a clean stop.
 */
import assert from 'node:assert/strict'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import Dockerode from 'dockerode'
import { followDockerStream } from './docker-stream.ts'
import { execute, runContainer, runToCompletion, TEST_ROLE, waitFor } from './engine-testing.ts'
import { ensureCatalog, LABEL_ROLE } from './index.ts'
import { addEntry, tarStream } from './rootfs-tar.ts'

const docker = new Dockerode()
// A container that never exits (a prompt, a pager) fails its suite instead of stalling the run.
const suite = { timeout: 180_000 }
const testName = (what: string): string => `docker-classroom-catalog-test-${what}-${process.pid}`

before(async () => {
  await ensureCatalog({ docker, onProgress: () => {} })
})

/** The same image under every tag. */
async function assertOneImage(references: readonly string[]): Promise<void> {
  const ids = await Promise.all(
    references.map(async (ref) => (await docker.getImage(ref).inspect()).Id),
  )
  assert.equal(new Set(ids).size, 1, `${references.join(', ')} are one image`)
}

describe('python', suite, () => {
  it('prints Korean with python and runs python3 by default', async () => {
    await assertOneImage(['python:3.11', 'python:3', 'python:latest'])
    const output = await runToCompletion(docker, 'python', {
      cmd: ['python', '-c', 'print("안녕")'],
    })
    assert.equal(output, '안녕\n')
    const version = await runToCompletion(docker, 'python:3', { cmd: ['python3', '--version'] })
    assert.match(version, /^Python 3\.11\.\d+$/m)
    const info = await docker.getImage('python').inspect()
    assert.deepEqual(info.Config.Cmd, ['python3'])
  })

  it('lets pip install into the system Python as root, as the official image does', async () => {
    // No package index is reachable: install a package made on the spot.
    const script = [
      'mkdir -p /tmp/hello && cd /tmp/hello',
      `printf 'from setuptools import setup\\nsetup(name="hello", version="1.0", py_modules=["hello"])\\n' > setup.py`,
      `echo 'GREETING = "안녕"' > hello.py`,
      'pip install --quiet --no-index --no-build-isolation .',
      'cd / && python -c "import hello; print(hello.GREETING)"',
    ].join(' && ')
    const output = await runToCompletion(docker, 'python', { cmd: ['sh', '-c', script] })
    // After pip's warning about running as root, which the official image prints too.
    assert.match(output, /안녕\n$/)
  })
})

describe('node', suite, () => {
  const appImage = `${testName('node-app')}:latest`
  after(async () => {
    await docker
      .getImage(appImage)
      .remove()
      .catch(() => {})
  })

  it('runs node and npm, node by default, and arguments through node like the official image', async () => {
    await assertOneImage(['node:18', 'node:latest'])
    assert.equal(
      // Colourless, as a learner's output would be piped; on the test's TTY node colours numbers.
      await runToCompletion(docker, 'node', {
        cmd: ['node', '-e', 'console.log(1+1)'],
        env: ['NODE_DISABLE_COLORS=1'],
      }),
      '2\n',
    )
    assert.match(await runToCompletion(docker, 'node', { cmd: ['--version'] }), /^v18\.\d+\.\d+$/m)
    assert.match(
      await runToCompletion(docker, 'node', { cmd: ['npm', '--version'] }),
      /^\d+\.\d+\.\d+$/m,
    )
    const info = await docker.getImage('node').inspect()
    assert.deepEqual(info.Config.Cmd, ['node'])
    assert.equal(info.Config.WorkingDir, '')
  })

  it('builds a Dockerfile FROM node whose http server answers', async () => {
    const files: Record<string, string> = {
      Dockerfile: [
        'FROM node',
        'WORKDIR /app',
        'COPY package.json .',
        'RUN npm install',
        'COPY server.js .',
        'EXPOSE 3000',
        'CMD ["node", "server.js"]',
      ].join('\n'),
      'package.json': JSON.stringify({ name: 'hello', version: '1.0.0', private: true }),
      'server.js': [
        "const http = require('node:http')",
        "http.createServer((request, response) => response.end('안녕, node!')).listen(3000)",
      ].join('\n'),
    }
    const context = tarStream(async (pack) => {
      for (const [name, content] of Object.entries(files)) {
        await addEntry(pack, { name, mode: 0o644, type: 'file' }, Buffer.from(content))
      }
    })
    const stream = await docker.buildImage(context, {
      t: appImage,
      labels: { [LABEL_ROLE]: TEST_ROLE },
      rm: true,
      forcerm: true,
    })
    await followDockerStream(stream)

    const container = await docker.createContainer({
      Image: appImage,
      Labels: { [LABEL_ROLE]: TEST_ROLE },
      HostConfig: { PortBindings: { '3000/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } },
    })
    try {
      await container.start()
      const hostPort = (await container.inspect()).NetworkSettings.Ports['3000/tcp']?.[0]?.HostPort
      assert.ok(hostPort, 'port 3000 is published')
      const body = await waitFor('the node app answers', 10_000, async () => {
        const response = await fetch(`http://127.0.0.1:${hostPort}/`)
        return response.text()
      })
      assert.equal(body, '안녕, node!')
    } finally {
      await container.remove({ force: true, v: true })
    }
  })
})

describe('postgres', suite, () => {
  const networkName = testName('postgres-net')
  const volumeName = testName('postgres-data')
  const password = 'classroom-secret'
  let initDirectory = ''
  let network: Dockerode.Network | undefined
  const containers: Dockerode.Container[] = []

  /** Starts a postgres server reachable as `db` on the test network. */
  async function startServer(options: {
    env: string[]
    binds: string[]
  }): Promise<Dockerode.Container> {
    const container = await docker.createContainer({
      Image: 'postgres:15',
      Env: options.env,
      Labels: { [LABEL_ROLE]: TEST_ROLE },
      HostConfig: { NetworkMode: networkName, Binds: options.binds },
      NetworkingConfig: { EndpointsConfig: { [networkName]: { Aliases: ['db'] } } },
    })
    containers.push(container)
    await container.start()
    return container
  }

  /**
   * `psql -h db` from a second postgres container on the same network, as a learner would. The
   * pager is off: on the TTY that runContainer gives it, psql would wait in `more` for a key.
   */
  function psqlFromClient(sql: string, database = 'postgres'): Promise<string> {
    return runToCompletion(docker, 'postgres:15', {
      cmd: [
        'psql',
        '--pset=pager=off',
        '-h',
        'db',
        '-U',
        'postgres',
        '-d',
        database,
        '-tA',
        '-c',
        sql,
      ],
      env: [`PGPASSWORD=${password}`],
      hostConfig: { NetworkMode: networkName },
    })
  }

  before(async () => {
    initDirectory = await mkdtemp(path.join(tmpdir(), 'catalog-test-initdb-'))
    // mkdtemp makes it 700; the entrypoint reads it as the postgres user.
    await chmod(initDirectory, 0o755)
    await writeFile(
      path.join(initDirectory, '01-greeting.sql'),
      "CREATE TABLE greeting (word text);\nINSERT INTO greeting VALUES ('안녕');\n",
    )
    await writeFile(
      path.join(initDirectory, '02-count.sh'),
      'psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" -c "CREATE TABLE runs (n int); INSERT INTO runs VALUES (1);"\n',
    )
    network = await docker.createNetwork({ Name: networkName, Labels: { [LABEL_ROLE]: TEST_ROLE } })
    await docker.createVolume({ Name: volumeName, Labels: { [LABEL_ROLE]: TEST_ROLE } })
  })

  after(async () => {
    for (const container of containers) await container.remove({ force: true, v: true }).catch(() => {})
    await network?.remove().catch(() => {})
    await docker
      .getVolume(volumeName)
      .remove()
      .catch(() => {})
    await rm(initDirectory, { recursive: true, force: true })
  })

  it('refuses to start without a password, with the official message', async () => {
    const { statusCode, output } = await runContainer(docker, 'postgres:15')
    assert.equal(statusCode, 1)
    assert.match(output, /superuser password is not specified/)
    assert.match(output, /POSTGRES_HOST_AUTH_METHOD=trust/)
  })

  it('initialises once, runs the init scripts, and answers by name over the network', async () => {
    const server = await startServer({
      env: [`POSTGRES_PASSWORD=${password}`, 'POSTGRES_DB=classroom'],
      binds: [
        `${volumeName}:/var/lib/postgresql/data`,
        `${initDirectory}:/docker-entrypoint-initdb.d:ro`,
      ],
    })
    assert.equal(
      await waitFor('postgres answers as db', 30_000, () => psqlFromClient('select 1')),
      '1\n',
    )
    assert.equal(await psqlFromClient('select word from greeting', 'classroom'), '안녕\n')
    assert.equal(await psqlFromClient('select count(*) from runs', 'classroom'), '1\n')

    const wrongPassword = await runContainer(docker, 'postgres:15', {
      cmd: ['psql', '--pset=pager=off', '-h', 'db', '-U', 'postgres', '-c', 'select 1'],
      env: ['PGPASSWORD=wrong'],
      hostConfig: { NetworkMode: networkName },
    })
    assert.notEqual(wrongPassword.statusCode, 0)
    assert.match(wrongPassword.output, /password authentication failed/)

    const inside = await execute(docker, server, [
      'psql',
      '-U',
      'postgres',
      '-tAc',
      'show listen_addresses',
    ])
    assert.equal(inside.output, '*\n')
    const owner = await execute(docker, server, ['stat', '-c', '%U', '/proc/1'])
    assert.equal(owner.output, 'postgres\n')

    await server.stop()
    const { State } = await server.inspect()
    assert.equal(State.ExitCode, 0)
    const logs = (await server.logs({ stdout: true, stderr: true })).toString('utf8')
    assert.match(logs, /database system is shut down/)
    await server.remove()
  })

  it('keeps its data on the named volume after the container is removed', async () => {
    // A database already there needs no password variable, and the init scripts do not run again.
    const server = await startServer({
      env: [],
      binds: [
        `${volumeName}:/var/lib/postgresql/data`,
        `${initDirectory}:/docker-entrypoint-initdb.d:ro`,
      ],
    })
    await waitFor('postgres answers again', 30_000, () => psqlFromClient('select 1'))
    assert.equal(await psqlFromClient('select word from greeting', 'classroom'), '안녕\n')
    assert.equal(await psqlFromClient('select count(*) from runs', 'classroom'), '1\n')
    const logs = (await server.logs({ stdout: true, stderr: true })).toString('utf8')
    assert.match(logs, /Skipping initialization/)
  })
})
