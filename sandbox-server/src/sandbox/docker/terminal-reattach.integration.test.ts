/**
 * @module The learner's shell outlives its terminal on the real engine: a second terminal (a page
 * reload, a server restart) reattaches to the same tmux-held shell, screen redrawn, at its own size.
 * Skipped when the catalog's workstation image is missing.
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Duplex } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { silentLogger } from '../../logger.ts'
import { newSessionId } from '../../sessions/credentials.ts'
import { readSettings } from '../../settings.ts'
import type { DockerProvider } from './docker-provider.ts'
import { createDockerProvider } from './index.ts'
import { skipWithoutWorkstation } from '../../testing/workstation-image.ts'

const skip = await skipWithoutWorkstation()

/** Everything a terminal stream prints, with a wait for text to appear. */
function recorder(stream: Duplex): { waitFor(text: string, timeoutMs?: number): Promise<void>; text(): string } {
  let output = Buffer.alloc(0)
  const waiters = new Set<() => void>()
  stream.on('data', (chunk: Buffer) => {
    output = Buffer.concat([output, chunk])
    for (const waiter of waiters) waiter()
  })
  return {
    text: () => output.toString('utf8'),
    waitFor: (text, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (!output.includes(Buffer.from(text))) return
          clearTimeout(timer)
          waiters.delete(check)
          resolve()
        }
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`no ${JSON.stringify(text)} within ${timeoutMs} ms; got ${JSON.stringify(output.toString())}`))
        }, timeoutMs)
        waiters.add(check)
        check()
      }),
  }
}

describe('Terminal reattach', { skip }, () => {
  let socketRoot: string
  let provider: DockerProvider

  before(async () => {
    socketRoot = await mkdtemp(path.join(tmpdir(), 'classroom-reattach-'))
    provider = await createDockerProvider({ settings: readSettings({ ...process.env, SOCKET_ROOT: socketRoot }), logger: silentLogger })
  })

  after(async () => {
    await rm(socketRoot, { recursive: true, force: true })
  })

  it('Should give a new terminal the same shell, its screen and a size of its own', { timeout: 60_000 }, async () => {
    const handle = await provider.create(newSessionId())
    const answer = async (argv: string[]): Promise<string> => (await provider.exec(handle, argv)).stdout.trim()
    /** Waits until `ask` answers `expected`: tmux applies a new size to the shell a moment later. */
    const settles = async (ask: () => Promise<string>, expected: string): Promise<void> => {
      const deadline = Date.now() + 5000
      let last = ''
      while (Date.now() < deadline) {
        last = await ask()
        if (last === expected) return
        await sleep(100)
      }
      assert.fail(`expected ${JSON.stringify(expected)}, got ${JSON.stringify(last)}`)
    }
    // A closed terminal must not stay attached: it would hold the window at its old size.
    const noClientLeft = () => settles(() => answer(['tmux', 'list-clients']), '')
    const shellSize = (rowsCols: string) =>
      settles(async () => answer(['stty', '-F', await answer(['tmux', 'display-message', '-p', '#{pane_tty}']), 'size']), rowsCols)
    try {
      const first = await provider.openTerminal(handle, { cols: 100, rows: 30 })
      const firstOutput = recorder(first.stream)
      await firstOutput.waitFor('$ ')
      first.stream.write(Buffer.from('export MARK=한글; echo ready-$((40+2))\r'))
      await firstOutput.waitFor('ready-42')
      first.close()
      await noClientLeft()

      const second = await provider.openTerminal(handle, { cols: 120, rows: 40 })
      const secondOutput = recorder(second.stream)
      // Redrawn from the shell's screen, not typed again.
      await secondOutput.waitFor('ready-42')
      await shellSize('40 120')
      second.stream.write(Buffer.from('echo "[$MARK]" size-$(stty size | tr " " x)\r'))
      await secondOutput.waitFor('[한글] size-40x120')
      await second.resize({ cols: 90, rows: 20 })
      await shellSize('20 90')
      second.stream.write(Buffer.from('echo size-$(stty size | tr " " x)\r'))
      await secondOutput.waitFor('size-20x90')
      second.close()
      await noClientLeft()
    } finally {
      await provider.destroy(handle)
    }
  })
})
