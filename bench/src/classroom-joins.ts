/**
 * @module A classroom pressing 참여 at once (issue #7): on the real server, an instructor creates a
 * class of 30; once the warm pool holds the class's workstations, all 30 learners join in the same
 * moment, and each is timed from the join request to the prompt on their terminal (join → ticket →
 * WebSocket → first byte → `$ `). A second run fires the joins as soon as the class exists, with
 * nothing pre-warmed. Each run has a server of its own; the class is ended, the server stopped, and
 * the engine asked that nothing of it is left. Prints the tables and, unless `--no-write`, rewrites
 * the `classroom-bench` section of docs/benchmarks.md.
 *
 *   node bench/src/classroom-joins.ts [--learners 30] [--no-write]
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { setTimeout as sleep } from 'node:timers/promises'
import Dockerode from 'dockerode'
import { LABEL_SESSION } from '@docker-classroom/catalog'
import { errorMessage } from '../../catalog/src/engine.ts'
import { startServer, type RunningServer } from '../../e2e/support/server.ts'
import { DiskQuota } from '../../sandbox-server/src/sandbox/docker/index.ts'
import { removeSocketRootLeftovers, socketRootFilters } from '../../sandbox-server/src/testing/real-engine.ts'
import { createClass, endClass, joinAndOpenTerminal, signIn, type JoinedLearner } from './classroom-client.ts'
import {
  histogramMean,
  isEmpty,
  joinedSessions,
  renderClassroomMarkdown,
  renderClassroomText,
  warmBySession,
  withClassroomSection,
  type ClassroomRun,
  type Leftovers,
} from './classroom-report.ts'
import { machineFacts, type MachineFacts } from './machine.ts'
import { poolStatus } from './open-session.ts'

const REPORT_PATH = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url))
const HOST_SOCKET = '/var/run/docker.sock'
const DEFAULT_LEARNERS = 30
/** Room beside the class: the pool may start a few more while the joins are still being stored. */
const SPARE_SESSIONS = 10
const INSTRUCTOR = { name: 'bench', password: 'bench-classroom-password' }
const LESSON_ID = 'first-container'
const POOL_POLL_MS = 250
/** Pre-warming starts one workstation at a time; on a busy machine 30 may take minutes. */
const PREWARM_TIMEOUT_MS = 15 * 60_000
/** The pool is taken to have stopped filling when it starts nothing for this long, short of its target. */
const PREWARM_STALL_MS = 10_000
const CLEANUP_TIMEOUT_MS = 60_000
const CLEANUP_POLL_MS = 500

function progress(line: string): void {
  process.stderr.write(`${line}\n`)
}

/**
 * Polls `/healthz` until the pool holds `capacity` ready workstations (its target, with POOL_SIZE=0),
 * or it stops filling short of it, or the time is up.
 */
async function waitForPrewarm(baseUrl: string, capacity: number, sentAt: number): Promise<NonNullable<ClassroomRun['prewarm']>> {
  let idleSince: number | undefined
  let reported = -1
  for (;;) {
    const pool = await poolStatus(baseUrl)
    const now = performance.now()
    const ready = pool?.ready ?? 0
    if (ready !== reported && ready % 5 === 0) progress(`  ${ready} of ${capacity} ready after ${((now - sentAt) / 1000).toFixed(0)} s`)
    reported = ready
    if (pool && pool.ready >= capacity) return { ms: now - sentAt, ready, complete: true }
    idleSince = pool && pool.starting > 0 ? undefined : (idleSince ?? now)
    const stalled = idleSince !== undefined && now - idleSince > PREWARM_STALL_MS
    if (stalled || now - sentAt > PREWARM_TIMEOUT_MS) return { ms: now - sentAt, ready, complete: false }
    await sleep(POOL_POLL_MS)
  }
}

/**
 * What is left of the server with `socketRoot`: the containers, volumes and networks the engine
 * lists with its label, and the workstation disks (loop-mounted filesystems) under it.
 */
async function leftovers(host: Dockerode, socketRoot: string): Promise<Leftovers & { containerSessions: string[] }> {
  const filters = socketRootFilters(socketRoot)
  const [containers, { Volumes: volumes }, networks, disks] = await Promise.all([
    host.listContainers({ all: true, filters }),
    host.listVolumes({ filters }),
    host.listNetworks({ filters }),
    new DiskQuota({ mode: 'loop', quotaBytes: 0, socketRoot }).sessionsOnDisk(),
  ])
  return {
    containers: containers.length,
    volumes: volumes?.length ?? 0,
    networks: networks.length,
    disks: disks.length,
    containerSessions: containers.map((container) => container.Labels[LABEL_SESSION] ?? ''),
  }
}

/**
 * Polls until nothing of `socketRoot` is left, or the time is up; answers what was left last, and
 * how many of its workstations were learners' (`learnerSessions`) rather than the pool's.
 */
async function waitForNoLeftovers(host: Dockerode, socketRoot: string, learnerSessions: Set<string>): Promise<ClassroomRun['afterEnd']> {
  const startedAt = performance.now()
  for (;;) {
    const { containerSessions, ...left } = await leftovers(host, socketRoot)
    const waitedMs = performance.now() - startedAt
    const learnersLeft = containerSessions.filter((sessionId) => learnerSessions.has(sessionId)).length
    if (isEmpty(left) || waitedMs > CLEANUP_TIMEOUT_MS) return { leftovers: left, learnersLeft, waitedMs }
    await sleep(CLEANUP_POLL_MS)
  }
}

/**
 * A server of its own for one run: its own socket root (and database in it), instructors set, room
 * for the class, no pool but the class's. The socket root is the caller's to remove, once the engine
 * holds nothing of it.
 */
async function startClassroomServer(learners: number): Promise<RunningServer> {
  const socketRoot = await mkdtemp(path.join(os.tmpdir(), 'classbench-'))
  try {
    return await startServer({
      SOCKET_ROOT: socketRoot,
      INSTRUCTORS: `${INSTRUCTOR.name}:${INSTRUCTOR.password}`,
      MAX_SESSIONS: String(Math.max(40, learners + SPARE_SESSIONS)),
      // The class's boost is then the whole pool: the pre-warmed run measures exactly the class's workstations.
      POOL_SIZE: '0',
    })
  } catch (error) {
    await rm(socketRoot, { recursive: true, force: true })
    throw error
  }
}

/**
 * One run: a class of `learners`, pre-warmed or not, joined by all of them at once; then, whatever
 * happened, the terminals closed, the class ended, the server stopped and the engine checked (and
 * cleared) of anything of it.
 */
async function runClassroom(label: string, learners: number, prewarm: boolean, host: Dockerode): Promise<{ run: ClassroomRun; machine: MachineFacts }> {
  const loadAverage = os.loadavg()[0]!
  progress(`${label}: starting a server`)
  const server = await startClassroomServer(learners)
  const opened: JoinedLearner[] = []
  let endTheClass: (() => Promise<void>) | undefined
  let measured: (Pick<ClassroomRun, 'prewarm' | 'poolAtJoins' | 'failures' | 'terminalAttachMeanS'> & { machine: MachineFacts }) | undefined
  let afterEnd: ClassroomRun['afterEnd']
  let afterStop: Leftovers
  try {
    const machine = await machineFacts(host, server.baseUrl)
    const instructor = await signIn(server.baseUrl, INSTRUCTOR.name, INSTRUCTOR.password)
    const sentAt = performance.now()
    const created = await createClass(instructor, { name: `참여 벤치마크 (${label})`, lessonIds: [LESSON_ID], capacity: learners, durationMinutes: 60 })
    endTheClass = () => endClass(instructor, created.id)
    progress(`${label}: class ${created.joinCode} of ${learners} created${prewarm ? '; waiting for the pool' : ''}`)
    const prewarmed = prewarm ? await waitForPrewarm(server.baseUrl, learners, sentAt) : undefined
    const poolAtJoins = await poolStatus(server.baseUrl)
    progress(`${label}: ${learners} joins at once (pool: ${JSON.stringify(poolAtJoins)})`)
    const nicknames = Array.from({ length: learners }, (_, index) => `학생${String(index + 1).padStart(2, '0')}`)
    const outcomes = await Promise.allSettled(nicknames.map((nickname) => joinAndOpenTerminal(server.baseUrl, created.joinCode, nickname)))
    const failures: ClassroomRun['failures'] = []
    outcomes.forEach((outcome, index) => {
      if (outcome.status === 'fulfilled') opened.push(outcome.value)
      else failures.push({ nickname: nicknames[index]!, error: errorMessage(outcome.reason) })
    })
    progress(`${label}: ${opened.length} at a prompt, ${failures.length} failed; ending the class`)
    const metrics = await fetch(`${server.baseUrl}/metrics`).then((response) => response.text())
    const terminalAttachMeanS = histogramMean(metrics, 'classroom_terminal_attach_seconds')
    measured = { machine, prewarm: prewarmed, poolAtJoins, failures, terminalAttachMeanS }
  } finally {
    for (const learner of opened) learner.terminal.close()
    await endTheClass?.().catch((error: unknown) => progress(`! ending the class: ${errorMessage(error)}`))
    afterEnd = await waitForNoLeftovers(host, server.socketRoot, joinedSessions(server.output()))
    await server.stop()
    afterStop = await clearLeftovers(host, server.socketRoot)
    await writeFile(serverLogPath(label), server.output())
  }
  const warm = warmBySession(server.output())
  const joined = opened.map(({ sessionId, timings }) => ({ sessionId, timings, warm: warm.get(sessionId) }))
  const { machine, ...figures } = measured
  return { machine, run: { label, learners, loadAverage, ...figures, joined, afterEnd, afterStop } }
}

/**
 * Removes whatever is still left of `socketRoot` (nothing, when the server cleaned up), then the
 * socket root itself; answers what there was.
 */
async function clearLeftovers(host: Dockerode, socketRoot: string): Promise<Leftovers> {
  const { containerSessions: _, ...left } = await leftovers(host, socketRoot)
  if (!isEmpty(left)) await removeSocketRootLeftovers(host, socketRoot)
  await rm(socketRoot, { recursive: true, force: true })
  return left
}

/** Where a run's server log is kept, for a look at what the server did. */
function serverLogPath(label: string): string {
  return path.join(os.tmpdir(), `classbench-${label.replaceAll(' ', '-')}.log`)
}

function method(learners: number): string[] {
  return [
    `Each run has a real sandbox server of its own (its own port, socket root and session database), with \`INSTRUCTORS\` set, \`MAX_SESSIONS=${Math.max(40, learners + SPARE_SESSIONS)}\` and \`POOL_SIZE=0\`, so the only warm pool is the one a class asks for. The instructor signs in and creates a class of ${learners} (lesson ${LESSON_ID}); the server raises its pool's target by the capacity.`,
    `Pre-warmed: \`/healthz\` polled every ${POOL_POLL_MS} ms until \`pool.ready\` reached ${learners}; pre-warming is timed from sending \`POST /api/classes\`. Not pre-warmed: the joins are fired as soon as \`POST /api/classes\` answers (the pool starts filling for the class meanwhile, on the same cores).`,
    `The ${learners} joins are fired at once from one client, each with its own nickname: \`POST /api/classroom/join\`, then \`POST /api/sessions/:id/tickets\` with the session token, then the terminal WebSocket with the ticket, timed until its first byte and until the prompt's \`$ \`.`,
    'Warm workstation: the server\'s own log line `session.created` of that session says `warm: true`.',
    'Clean-up: the terminals are closed and the class ended (which removes every member\'s workstation); then the host engine is asked for containers, volumes and networks labelled with the server\'s socket root, and the socket root for workstation disks, until none is left (at most a minute), and again after the server has stopped.',
    'The benchmark, the server and every workstation share the same cores with whatever else runs on the machine.',
  ]
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { learners: { type: 'string', default: String(DEFAULT_LEARNERS) }, write: { type: 'boolean', default: true } },
    allowNegative: true,
  })
  const learners = Number(values.learners)
  if (!Number.isInteger(learners) || learners < 1 || learners > 200) throw new RangeError(`--learners must be a whole number from 1 to 200, not ${values.learners}`)
  const startedAt = new Date()
  const host = new Dockerode({ socketPath: HOST_SOCKET })
  const warm = await runClassroom('pre-warmed', learners, true, host)
  const cold = await runClassroom('not pre-warmed', learners, false, host)
  const report = {
    date: startedAt,
    command: `node bench/src/classroom-joins.ts${learners === DEFAULT_LEARNERS ? '' : ` --learners ${learners}`}`,
    // The load when the benchmark began, not when the first server answered.
    machine: { ...warm.machine, loadAverage: warm.run.loadAverage },
    runs: [warm.run, cold.run],
    durationS: (Date.now() - startedAt.getTime()) / 1000,
    method: method(learners),
  }
  process.stdout.write(`\n${renderClassroomText(report)}\n`)
  if (!values.write) {
    progress('\n--no-write: docs/benchmarks.md left as it was')
    return
  }
  const page = await readFile(REPORT_PATH, 'utf8')
  await writeFile(REPORT_PATH, withClassroomSection(page, renderClassroomMarkdown(report)))
  progress('\nWrote the classroom-bench section of docs/benchmarks.md')
}

await main()
