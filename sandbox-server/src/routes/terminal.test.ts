/**
 * @module The terminal WebSocket on a real HTTP server with the fake provider: refusals, raw
 * bytes both ways, resize, and flow control against a shell that never stops writing.
 */
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { Duplex } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, describe, it } from 'node:test'
import { FakeProvider } from '../sandbox/fake/index.ts'
import type { RunningServer } from '../server.ts'
import WebSocket from 'ws'
import { openTerminal, TerminalClient } from '../testing/terminal-client.ts'
import { serveTestApp } from '../testing/serve-test-app.ts'
import { createTestApp } from '../testing/test-app.ts'

const servers: RunningServer[] = []
after(async () => {
  await Promise.all(servers.map((server) => server.close('test over')))
})

async function serveFake(provider = new FakeProvider(), highWaterBytes = 1024 * 1024) {
  const test = await createTestApp({ provider, overrides: { terminalHighWaterBytes: highWaterBytes } })
  const running = await serveTestApp(test)
  servers.push(running)
  const { session, token } = await test.sessions.create()
  /** A client of the session, with a fresh ticket unless one is given; `ticket: null` sends none. */
  const terminal = ({
    ticket = test.tickets.issue(session.id).ticket as string | null,
    id = session.id,
    origin = undefined as string | undefined,
  } = {}) => new TerminalClient(running.url, id, ticket ?? undefined, { origin })
  return { ...test, provider, id: session.id, token, url: running.url, terminal }
}

describe('GET /api/sessions/:id/terminal', () => {
  it('Should close with 4401 for a wrong or missing ticket and 4404 for an unknown session', async () => {
    const { terminal } = await serveFake()
    assert.equal(await terminal({ ticket: 'wrong' }).closeCode(), 4401)
    assert.equal(await terminal({ ticket: 'x'.repeat(43) }).closeCode(), 4401)
    assert.equal(await terminal({ ticket: null }).closeCode(), 4401)
    assert.equal(await terminal({ id: 'a'.repeat(32) }).closeCode(), 4404)
  })

  it('Should not accept the session token in the URL', async () => {
    const { url, id, token } = await serveFake()
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/api/sessions/${id}/terminal?token=${token}`)
    const [code] = (await once(socket, 'close')) as [number]
    assert.equal(code, 4401)
  })

  it('Should open with a ticket from the API once, and refuse it replayed', async () => {
    const { url, id, token, terminal } = await serveFake()
    const { client, ticket } = await openTerminal(url, id, token)
    await client.waitFor('$ ')
    assert.equal(await terminal({ ticket }).closeCode(), 4401)
    client.close()
  })

  it('Should refuse an expired ticket and the ticket of another session', async () => {
    const { id, clock, settings, sessions, tickets, terminal } = await serveFake()
    const expiring = tickets.issue(id).ticket
    clock.now += settings.ticketTtlMs
    assert.equal(await terminal({ ticket: expiring }).closeCode(), 4401)
    const other = await sessions.create()
    assert.equal(await terminal({ ticket: tickets.issue(other.session.id).ticket }).closeCode(), 4401)
  })

  it('Should refuse a foreign Origin with 403 before upgrading, and accept its own and none', async () => {
    const { url, terminal } = await serveFake()
    assert.equal(await terminal({ origin: 'https://evil.example' }).upgradeStatus(), 403)
    assert.equal(await terminal({ origin: `${url}.evil.example` }).upgradeStatus(), 403)
    for (const origin of [url, url.replace('127.0.0.1', 'localhost'), undefined]) {
      const client = terminal({ origin })
      assert.equal(await client.upgradeStatus(), undefined, `origin ${origin}`)
      client.close()
    }
  })

  it('Should carry raw bytes both ways, a Korean character split across frames included', async () => {
    const client = (await serveFake()).terminal()
    const afterPrompt = await client.waitFor('$ ')
    const korean = Buffer.from('echo 한글 테스트\r')
    const split = korean.indexOf(Buffer.from('한')) + 1
    client.send(korean.subarray(0, split))
    client.send(korean.subarray(split))
    await client.waitFor(korean, { from: afterPrompt })
    client.close()
  })

  it('Should count typing as activity, so the idle reaper spares the session', async () => {
    const { terminal, sessions, clock, id, settings } = await serveFake()
    const client = terminal()
    const afterPrompt = await client.waitFor('$ ')
    clock.now += settings.idleTimeoutMs
    client.send('x')
    await client.waitFor('x', { from: afterPrompt })
    // The activity write follows the frame asynchronously.
    await sleep(20)
    assert.equal((await sessions.find(id))?.lastActiveAt, clock.now)
    assert.equal(await sessions.reapIdle(), 0)
    client.close()
  })

  it('Should resize the terminal on a resize message and ignore garbage', async () => {
    const { provider, id, terminal } = await serveFake()
    const client = terminal()
    await client.waitFor('$ ')
    client.socket.send('not json')
    client.socket.send(JSON.stringify({ type: 'resize', cols: -1, rows: 5 }))
    client.socket.send(JSON.stringify({ type: 'resize', cols: 120, rows: 40 }))
    client.send('still here')
    await client.waitFor('still here')
    assert.deepEqual(provider.sandboxes.get(id)?.terminalSizes, [
      { cols: 80, rows: 24 },
      { cols: 120, rows: 40 },
    ])
    client.close()
  })

  it('Should pause a shell that floods a reader that does not read', async () => {
    let produced = 0
    const chunk = Buffer.alloc(64 * 1024, 'y')
    const flood = () =>
      new Duplex({
        read() {
          // Like a real shell's socket, output arrives on later turns of the event loop.
          setImmediate(() => {
            produced += chunk.length
            this.push(chunk)
          })
        },
        write(_chunk, _encoding, callback) {
          callback()
        },
      })
    const client = (await serveFake(new FakeProvider({ newTerminal: flood }), 256 * 1024)).terminal()
    await client.opened()
    client.socket.pause()
    await sleep(500)
    const whilePaused = produced
    await sleep(500)
    assert.equal(produced, whilePaused, 'the shell stopped producing while nobody read')
    assert.ok(whilePaused < 64 * 1024 * 1024, `bounded output (${whilePaused} bytes)`)
    client.socket.resume()
    await sleep(200)
    assert.ok(produced > whilePaused, 'the shell resumed once the socket drained')
    client.socket.terminate()
  })
})
