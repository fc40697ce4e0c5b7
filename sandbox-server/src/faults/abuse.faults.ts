/**
 * @module Fault test (`npm run test:faults`): one learner abuses their sandbox — a fork bomb, a memory
 * hog and a disk fill, each in the workstation's shell and in an inner container — while a
 * neighbour types. For each abuse: the neighbour's keystroke echo round trip stays under twice its
 * baseline (p50, measured right before; p95 is printed, not asserted: over a few hundred keys on a
 * shared 2-core host, the tail measures the other tenants as much as the abuser), the neighbour's
 * session survives, the abuser's sandbox is contained (its pids limit, its memory limit with an OOM
 * kill, its disk quota), and the host keeps headroom in pids, memory and disk throughout. Prints the
 * figures. Skipped when the workstation image is missing.
 */
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { readdir, readFile, stat, statfs } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, describe, it, type TestContext } from 'node:test'
import Dockerode from 'dockerode'
import { createLearner, restartableServers, type Learner, type RestartableServers } from '../testing/restartable-servers.ts'
import { openTerminal, type TerminalClient } from '../testing/terminal-client.ts'
import { bearer } from '../testing/test-app.ts'
import { skipWithoutWorkstation } from '../testing/workstation-image.ts'

const MiB = 1024 * 1024
const GiB = 1024 * MiB
/**
 * The abuser's limits: small, so the abuse is over quickly, and one core of CPU, so that on a
 * 2-core host (CI's) a workstation spinning at its limit leaves a core to everyone else.
 */
const NANO_CPUS = 1_000_000_000
const MEMORY_BYTES = GiB
const MEMORY_CHARGE_SLACK_BYTES = 64 * 4096 * os.availableParallelism()
const PIDS_LIMIT = 1024
const DISK_QUOTA_BYTES = GiB
/** Keystrokes per round-trip measurement. */
const KEYSTROKES = 40
/** How long each abuse runs while the neighbour types. */
const ABUSE_MS = 6000
/** Headroom the host must keep at every moment of an abuse. */
const MIN_FREE_PIDS = 4096
const MIN_AVAILABLE_MEMORY_BYTES = 2 * GiB
const MIN_FREE_DISK_BYTES = 2 * GiB
/** Hangul syllables: echoed as typed, and never part of an escape sequence tmux sends. */
const KEYS = [...'가나다라마바사아자차카타파하']
const CTRL_U = '\x15'

const hostDocker = new Dockerode()
const skip = await skipWithoutWorkstation(hostDocker)

/** The given percentile of `values`, nearest rank. */
function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN
}

interface RoundTrips {
  p50: number
  p95: number
  samples: number
}

function roundTrips(times: readonly number[]): RoundTrips {
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95), samples: times.length }
}

/** Types `count` keys into `terminal` one at a time and times each echo (ms). */
async function measureEcho(terminal: TerminalClient, count = KEYSTROKES): Promise<number[]> {
  const times: number[] = []
  for (let index = 0; index < count; index++) {
    const key = KEYS[index % KEYS.length] ?? '가'
    const from = terminal.output.length
    const sent = performance.now()
    terminal.send(key)
    await terminal.waitFor(key, { from, timeoutMs: 10_000 })
    times.push(performance.now() - sent)
    // Keep the prompt's line short; the erase is not timed.
    if (index % KEYS.length === KEYS.length - 1) {
      terminal.send(CTRL_U)
      await sleep(30)
    }
    await sleep(20)
  }
  terminal.send(CTRL_U)
  await sleep(30)
  return times
}

interface HostLow {
  freePids: number
  availableMemoryBytes: number
  freeDiskBytes: number
}

async function hostNow(): Promise<HostLow> {
  const [loadavg, pidMax, meminfo, disk] = await Promise.all([
    readFile('/proc/loadavg', 'utf8'),
    readFile('/proc/sys/kernel/pid_max', 'utf8'),
    readFile('/proc/meminfo', 'utf8'),
    statfs('/var/lib/docker'),
  ])
  // The 4th field is running/total kernel tasks: every thread takes a pid.
  const tasks = Number(loadavg.split(' ')[3]?.split('/')[1])
  const available = Number(/^MemAvailable:\s+(\d+) kB/m.exec(meminfo)?.[1]) * 1024
  return { freePids: Number(pidMax) - tasks, availableMemoryBytes: available, freeDiskBytes: disk.bavail * disk.bsize }
}

/** Samples the host every 200 ms until stopped; resolves with the lowest of each. */
function watchHost(): { stop: () => Promise<HostLow> } {
  let low: HostLow = { freePids: Infinity, availableMemoryBytes: Infinity, freeDiskBytes: Infinity }
  let running = true
  const sampling = (async () => {
    while (running) {
      const now = await hostNow()
      low = {
        freePids: Math.min(low.freePids, now.freePids),
        availableMemoryBytes: Math.min(low.availableMemoryBytes, now.availableMemoryBytes),
        freeDiskBytes: Math.min(low.freeDiskBytes, now.freeDiskBytes),
      }
      await sleep(200)
    }
  })()
  return {
    async stop() {
      running = false
      await sampling
      return low
    },
  }
}

/**
 * A number in the workstation's cgroup (engine with the cgroupfs driver): the file `v1` under its
 * controller's hierarchy, or `v2` on cgroup v2. Peaks count the cgroups under it too.
 */
async function cgroupNumber(containerId: string, { v1, v2 }: { v1: string; v2: string }): Promise<number> {
  const [controller = '', file = ''] = v1.split('/')
  for (const candidate of [path.join('/sys/fs/cgroup', controller, 'docker', containerId, file), path.join('/sys/fs/cgroup/docker', containerId, v2)]) {
    const text = await readFile(candidate, 'utf8').catch(() => undefined)
    if (text !== undefined) return Number(text.trim())
  }
  throw new Error(`no cgroup file ${v1} or ${v2} for ${containerId}`)
}

const pidsPeak = (id: string) => cgroupNumber(id, { v1: 'pids/pids.peak', v2: 'pids.peak' })
const memoryPeak = (id: string) => cgroupNumber(id, { v1: 'memory/memory.max_usage_in_bytes', v2: 'memory.peak' })

/**
 * The sum of `key` in the workstation's cgroup file and in the same file of every cgroup under it:
 * on cgroup v1 a refused fork or an OOM kill is counted where the process lives, e.g. in an inner
 * container's cgroup under the workstation's.
 */
async function countInSubtree(containerId: string, { v1, v2 }: { v1: string; v2: string }, key: string): Promise<number> {
  const [controller = '', v1File = ''] = v1.split('/')
  const v1Root = path.join('/sys/fs/cgroup', controller, 'docker', containerId)
  const [root, file] = (await stat(v1Root).then(() => true, () => false)) ? [v1Root, v1File] : [path.join('/sys/fs/cgroup/docker', containerId), v2]
  const nested = (await readdir(root, { recursive: true })).filter((entry) => entry.endsWith(`/${file}`))
  let total = 0
  for (const entry of [file, ...nested]) {
    const line = (await readFile(path.join(root, entry), 'utf8').catch(() => '')).split('\n').find((row) => row.startsWith(`${key} `))
    total += Number(line?.split(' ')[1] ?? 0)
  }
  return total
}

const forksRefused = (id: string) => countInSubtree(id, { v1: 'pids/pids.events', v2: 'pids.events' }, 'max')
const oomKills = (id: string) => countInSubtree(id, { v1: 'memory/memory.oom_control', v2: 'memory.events' }, 'oom_kill')

/** Starts `argv` in the session's workstation and returns at once (the abuse goes on). */
async function startInWorkstation(sessionId: string, argv: string[]): Promise<void> {
  const exec = await hostDocker.getContainer(`docker-classroom-ws-${sessionId}`).exec({ Cmd: argv })
  // The engine answers at once; an answer left unread would hold its socket (and this process) open.
  const answer = await exec.start({ Detach: true })
  answer.resume()
  await once(answer, 'end')
}

/** Runs `argv` in the session's workstation to its end and asserts it succeeded, with its output in the message. */
async function succeedInWorkstation(sessionId: string, argv: string[]): Promise<void> {
  const exec = await hostDocker.getContainer(`docker-classroom-ws-${sessionId}`).exec({ Cmd: argv, AttachStdout: true, AttachStderr: true, Tty: true })
  const stream = await exec.start({ Tty: true })
  const chunks: Buffer[] = []
  stream.on('data', (chunk: Buffer) => chunks.push(chunk))
  await once(stream, 'end')
  const { ExitCode } = await exec.inspect()
  assert.equal(ExitCode, 0, `${argv.join(' ')}: ${Buffer.concat(chunks).toString()}`)
}

/**
 * Copies the host's busybox image into the session's inner engine, so the inner abuses do not
 * depend on the registry mirror (a pull is not what is tested here).
 */
async function loadBusybox(socketRoot: string, sessionId: string): Promise<void> {
  const inner = new Dockerode({ socketPath: path.join(socketRoot, sessionId, 'docker.sock') })
  const loading = await inner.loadImage(await hostDocker.getImage('busybox:latest').get())
  loading.resume()
  await once(loading, 'end')
}

async function sessionInfo(baseUrl: string, learner: Learner): Promise<{ state: string; notice?: { code: string; message: string } }> {
  const response = await fetch(`${baseUrl}/api/sessions/${learner.id}`, { headers: bearer(learner.token) })
  assert.equal(response.status, 200)
  return (await response.json()) as { state: string; notice?: { code: string; message: string } }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`)
    await sleep(250)
  }
}

interface Abuse {
  name: string
  /** Starts the abuse in the abuser's sandbox; it goes on (or repeats) on its own. */
  start(abuser: Learner): Promise<void>
  /** Asserts the abuser's sandbox contained it. */
  contained(context: { abuser: Learner; containerId: string; terminal: TerminalClient; baseUrl: string; socketRoot: string }): Promise<string>
}

/** Named `bomb`, not `:`: busybox's shell refuses to redefine a builtin. */
const forkBomb = 'bomb(){ bomb|bomb& };bomb'
const ABUSES: Abuse[] = [
  {
    name: 'fork bomb in the workstation shell',
    start: (abuser) => startInWorkstation(abuser.id, ['bash', '-c', forkBomb]),
    contained: assertPidsContained,
  },
  {
    name: 'fork bomb in an inner container',
    start: async (abuser) => {
      // The container's shell waits after lighting it: a container whose main process ends is stopped, bomb and all.
      await succeedInWorkstation(abuser.id, ['docker', 'run', '-d', 'busybox', 'sh', '-c', `${forkBomb}; sleep 3600`])
    },
    contained: assertPidsContained,
  },
  {
    // `tail` keeps the last lines, and /dev/zero has no line break: it holds everything it reads.
    name: 'memory hog in the workstation shell',
    start: (abuser) => startInWorkstation(abuser.id, ['bash', '-c', 'while :; do head -c 3G /dev/zero | tail > /dev/null; done']),
    contained: assertMemoryContained,
  },
  {
    // busybox dd allocates one block of `bs` bytes and fills it.
    name: 'memory hog in an inner container',
    start: async (abuser) => {
      const hog = 'while :; do dd if=/dev/zero of=/dev/null bs=2000M count=1; done'
      await succeedInWorkstation(abuser.id, ['docker', 'run', '-d', 'busybox', 'sh', '-c', hog])
    },
    contained: assertMemoryContained,
  },
  {
    name: 'disk fill in the workstation shell',
    start: (abuser) => startInWorkstation(abuser.id, ['dd', 'if=/dev/zero', 'of=/root/fill', 'bs=1M', 'count=4096']),
    async contained({ abuser, terminal, baseUrl }) {
      // The workstation's own files are not on the hard-limited filesystem: the watcher stops it.
      const info = await until('the stop', async () => {
        const now = await sessionInfo(baseUrl, abuser)
        return now.state === 'stopped' ? now : undefined
      })
      assert.equal(info.notice?.code, 'disk_quota_exceeded')
      await terminal.waitFor('디스크 사용 한도', { timeoutMs: 5000 })
      const left = await hostDocker.getContainer(`docker-classroom-ws-${abuser.id}`).inspect().then(() => true, () => false)
      assert.equal(left, false, 'the stopped sandbox is removed, its disk given back')
      return `stopped: ${info.notice?.code}`
    },
  },
  {
    name: 'disk fill in an inner container',
    start: (abuser) =>
      startInWorkstation(abuser.id, ['docker', 'run', '--name', 'filler', 'busybox', 'dd', 'if=/dev/zero', 'of=/fill', 'bs=1M', 'count=4096']),
    async contained({ abuser, terminal, baseUrl, socketRoot }) {
      const info = await until('the full-disk notice', async () => {
        const now = await sessionInfo(baseUrl, abuser)
        return now.notice ? now : undefined
      })
      assert.equal(info.state, 'running', 'writes are refused; the session goes on')
      assert.equal(info.notice?.code, 'disk_quota_reached')
      await terminal.waitFor('디스크가 가득', { timeoutMs: 5000 })
      const inner = new Dockerode({ socketPath: path.join(socketRoot, abuser.id, 'docker.sock') })
      const filler = await until('the end of dd', async () => {
        const { State } = await inner.getContainer('filler').inspect()
        return State.Running ? undefined : State
      })
      assert.notEqual(filler.ExitCode, 0, 'dd past the quota fails')
      const image = await stat(path.join(socketRoot, '.disks', `${abuser.id}.ext4`))
      assert.ok(image.blocks * 512 <= DISK_QUOTA_BYTES, `the host holds ${image.blocks * 512} bytes of its disk`)
      return `refused at the quota; its disk holds ${(image.blocks * 512 / MiB).toFixed(0)} MiB on the host`
    },
  },
]

async function assertPidsContained({ containerId }: { containerId: string }): Promise<string> {
  const peak = await pidsPeak(containerId)
  const hits = await forksRefused(containerId)
  assert.ok(peak <= PIDS_LIMIT, `pids peaked at ${peak}`)
  assert.ok(hits > 0, 'the bomb ran into the pids limit')
  return `pids peak ${peak}/${PIDS_LIMIT}, ${hits} forks refused`
}

async function assertMemoryContained({ containerId }: { containerId: string }): Promise<string> {
  const kills = await until('an OOM kill', async () => {
    const counted = await oomKills(containerId)
    return counted > 0 ? counted : undefined
  })
  const peak = await memoryPeak(containerId)
  // The kernel charges memory in per-CPU batches of 64 pages, so usage may pass the limit by that much.
  assert.ok(peak <= MEMORY_BYTES + MEMORY_CHARGE_SLACK_BYTES, `memory peaked at ${peak}`)
  return `memory peak ${(peak / MiB).toFixed(0)}/${MEMORY_BYTES / MiB} MiB, ${kills} OOM kills`
}

/** Starts `abuse`, times the neighbour's echo for `ABUSE_MS` meanwhile, then checks containment. */
async function abuseWhileTyping(
  abuse: Abuse,
  abuser: Learner,
  neighbour: TerminalClient,
  checkContained: () => Promise<string>,
): Promise<{ during: RoundTrips; containment: string }> {
  await abuse.start(abuser)
  await sleep(1000)
  const abusedUntil = Date.now() + ABUSE_MS
  const times: number[] = []
  while (Date.now() < abusedUntil) times.push(...(await measureEcho(neighbour)))
  return { during: roundTrips(times), containment: await checkContained() }
}

const format = (trips: RoundTrips) => `p50 ${trips.p50.toFixed(1)} ms, p95 ${trips.p95.toFixed(1)} ms (${trips.samples} keys)`

describe('One sandbox abused while a neighbour types', { skip }, () => {
  let servers: RestartableServers | undefined
  after(() => servers?.cleanup())

  it('Should contain each abuse and keep the neighbour responsive and the host healthy', { timeout: 600_000 }, async (t: TestContext) => {
    servers = await restartableServers('classroom-abuse-', {
      NANO_CPUS: String(NANO_CPUS),
      MEMORY_BYTES: String(MEMORY_BYTES),
      PIDS_LIMIT: String(PIDS_LIMIT),
      SANDBOX_DISK_QUOTA_BYTES: String(DISK_QUOTA_BYTES),
      DISK_WATCH_INTERVAL_MS: '1000',
      POOL_SIZE: '0',
      SESSION_CREATE_BURST: '20',
      MAX_SESSIONS_PER_CLIENT: '20',
    })
    const server = await servers.start()
    const { socketRoot } = servers
    const neighbour = await createLearner(server)
    const neighbourTerminal = (await openTerminal(server.baseUrl, neighbour.id, neighbour.token)).client
    await neighbourTerminal.waitFor('$ ', { timeoutMs: 15_000 })
    await measureEcho(neighbourTerminal) // warm-up: tmux and bash have now drawn everything once
    const hostBefore = await hostNow()

    // Every abuse runs and is reported; what went wrong is asserted at the end, all of it at once.
    const failures: string[] = []
    const expect = (ok: boolean, failure: string): void => void (ok || failures.push(failure))
    for (const abuse of ABUSES) {
      const abuser = await createLearner(server)
      const { Id: containerId } = await hostDocker.getContainer(`docker-classroom-ws-${abuser.id}`).inspect()
      const terminal = (await openTerminal(server.baseUrl, abuser.id, abuser.token)).client
      try {
        await loadBusybox(socketRoot, abuser.id)
        await terminal.waitFor('$ ', { timeoutMs: 15_000 })
        const baseline = roundTrips(await measureEcho(neighbourTerminal, 2 * KEYSTROKES))
        const host = watchHost()
        let phase: { during: RoundTrips; containment: string }
        let low: HostLow
        try {
          const contained = () =>
            abuse.contained({ abuser, containerId, terminal, baseUrl: server.baseUrl, socketRoot }).catch((error: unknown) => {
              failures.push(`${abuse.name}: not contained: ${String(error)}`)
              return 'NOT CONTAINED'
            })
          phase = await abuseWhileTyping(abuse, abuser, neighbourTerminal, contained)
        } finally {
          low = await host.stop()
        }
        const { during, containment } = phase
        t.diagnostic(
          `${abuse.name}: neighbour echo baseline ${format(baseline)}; during ${format(during)}; ${containment}; ` +
            `host low: ${low.freePids} pids free, ${(low.availableMemoryBytes / GiB).toFixed(1)} GiB memory available, ` +
            `${(low.freeDiskBytes / GiB).toFixed(1)} GiB disk free`,
        )
        expect(during.p50 < 2 * baseline.p50, `${abuse.name}: neighbour echo p50 ${during.p50.toFixed(1)} ms vs baseline ${baseline.p50.toFixed(1)} ms`)
        expect(low.freePids >= MIN_FREE_PIDS, `${abuse.name}: ${low.freePids} pids left on the host`)
        expect(low.availableMemoryBytes >= MIN_AVAILABLE_MEMORY_BYTES, `${abuse.name}: ${low.availableMemoryBytes} bytes of memory left`)
        expect(low.freeDiskBytes >= MIN_FREE_DISK_BYTES, `${abuse.name}: ${low.freeDiskBytes} bytes of disk left`)
      } finally {
        terminal.close()
        const deleteStarted = performance.now()
        const deleted = await fetch(`${server.baseUrl}/api/sessions/${abuser.id}`, { method: 'DELETE', headers: bearer(abuser.token) })
        t.diagnostic(`${abuse.name}: the abuser's session deleted (${deleted.status}) in ${((performance.now() - deleteStarted) / 1000).toFixed(1)} s`)
      }
      expect((await sessionInfo(server.baseUrl, neighbour)).state === 'running', `the neighbour did not survive the ${abuse.name}`)
    }

    neighbourTerminal.send('echo neighbour-$((40+2))\r')
    await neighbourTerminal.waitFor('neighbour-42')
    const hostAfter = await hostNow()
    t.diagnostic(
      `host before/after: ${hostBefore.freePids}/${hostAfter.freePids} pids free, ` +
        `${(hostBefore.availableMemoryBytes / GiB).toFixed(1)}/${(hostAfter.availableMemoryBytes / GiB).toFixed(1)} GiB memory available, ` +
        `${(hostBefore.freeDiskBytes / GiB).toFixed(1)}/${(hostAfter.freeDiskBytes / GiB).toFixed(1)} GiB disk free`,
    )
    // Everything the abusers took is given back (other work on the machine moves these a little).
    assert.ok(hostAfter.freeDiskBytes > hostBefore.freeDiskBytes - GiB, 'the disk the abusers filled is free again')
    assert.ok(hostAfter.freePids > hostBefore.freePids - 512, 'the abusers\' processes are gone')
    neighbourTerminal.close()
    const deleted = await fetch(`${server.baseUrl}/api/sessions/${neighbour.id}`, { method: 'DELETE', headers: bearer(neighbour.token) })
    assert.equal(deleted.status, 204)
    assert.deepEqual(failures, [])
  })
})
