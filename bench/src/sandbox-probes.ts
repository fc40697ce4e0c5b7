/**
 * @module Measurements of one learner's sandbox: its idle memory from the host engine's stats, a
 * `docker run --rm hello-world` on its inner engine against the same on the host engine, and the
 * latency of lesson 1's check route.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type Dockerode from 'dockerode'
import { followDockerStream } from '../../catalog/src/docker-stream.ts'
import type { Learner } from './learner.ts'

/** The workstation container of a session, as the sandbox server names it. */
const WORKSTATION_NAME_PREFIX = 'docker-classroom-ws-'
const HELLO_WORLD = 'hello-world:latest'
const MIB = 1024 * 1024

/** Memory stats as the engine reports them: cgroup v1 names page cache `cache`, v2 `file`. */
interface MemoryStats {
  usage?: number
  stats?: { cache?: number; file?: number }
}

/**
 * Memory of the session's workstation in MiB, usage minus page cache as the engine's container
 * stats API reports it, once per second `count` times.
 */
export async function workstationMemoryMiB(host: Dockerode, learner: Learner, count: number): Promise<number[]> {
  const container = host.getContainer(`${WORKSTATION_NAME_PREFIX}${learner.id}`)
  const samples: number[] = []
  for (let i = 0; i < count; i++) {
    if (i > 0) await sleep(1000)
    const stats = (await container.stats({ stream: false })) as { memory_stats: MemoryStats }
    const { usage = 0, stats: detail = {} } = stats.memory_stats
    samples.push((usage - (detail.cache ?? detail.file ?? 0)) / MIB)
  }
  return samples
}

/** Pulls hello-world into `docker` (the inner engine resolves it through the course's registry mirror). */
export async function pullHelloWorld(docker: Dockerode): Promise<void> {
  await followDockerStream(await docker.pull(HELLO_WORLD))
}

/**
 * What `docker run --rm hello-world` does, through the API: create, start, wait, remove.
 * @returns milliseconds it took
 */
async function runHelloWorld(docker: Dockerode): Promise<number> {
  const startedAt = performance.now()
  const container = await docker.createContainer({ Image: HELLO_WORLD })
  try {
    await container.start()
    await container.wait()
  } finally {
    await container.remove({ force: true, v: true })
  }
  return performance.now() - startedAt
}

/** `count` hello-world runs on `docker`, after one untimed run that warms its caches. */
export async function helloWorldRuns(docker: Dockerode, count: number): Promise<number[]> {
  await runHelloWorld(docker)
  const samples: number[] = []
  for (let i = 0; i < count; i++) samples.push(await runHelloWorld(docker))
  return samples
}

/**
 * `count` presses of 채점 on lesson 1's exercise, one after another.
 * @returns milliseconds from sending each request to its full answer
 * @throws Error when the check route answers anything but 200
 */
export async function checkLatencies(baseUrl: string, learner: Learner, count: number): Promise<number[]> {
  const url = `${baseUrl}/api/sessions/${learner.id}/checks/first-container/run-nginx`
  const samples: number[] = []
  for (let i = 0; i < count; i++) {
    const sentAt = performance.now()
    const response = await fetch(url, { method: 'POST', headers: { Authorization: learner.authorization } })
    const body = await response.text()
    samples.push(performance.now() - sentAt)
    if (response.status !== 200) throw new Error(`the check answered ${response.status}: ${body}`)
  }
  return samples
}
