/** @module Facts about the machine a benchmark ran on, printed with its figures. */
import os from 'node:os'
import type Dockerode from 'dockerode'

/** What the figures depend on. */
export interface MachineFacts {
  cores: number
  cpuModel: string
  memoryGiB: number
  /** The 1-minute load average when the run began: other work on the machine skews the figures. */
  loadAverage: number
  kernel: string
  engineVersion: string
  /** How the server isolates nested engines, as its `/healthz` says. */
  isolation: string
  node: string
}

/** The facts of this machine, its host engine and the server at `baseUrl`. */
export async function machineFacts(host: Dockerode, baseUrl: string): Promise<MachineFacts> {
  const [version, health] = await Promise.all([
    host.version(),
    fetch(`${baseUrl}/healthz`).then((response) => response.json() as Promise<{ isolation?: string }>),
  ])
  return {
    cores: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: os.totalmem() / 1024 ** 3,
    loadAverage: os.loadavg()[0]!,
    kernel: os.release(),
    engineVersion: version.Version,
    isolation: health.isolation ?? 'unknown',
    node: process.version,
  }
}
