/**
 * @module The terminal WebSocket on a real HTTP server with the fake provider: refusals, raw
 * bytes both ways, resize, and flow control against a shell that never stops writing.
 */
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { Duplex } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, describe, it } from 'node:test'
import WebSocket from 'ws'
import { FakeProvider } from '../sandbox/fake/index.ts'
import { startServer, type RunningServer } from '../server.ts'
import { createTestApp } from '../testing/test-app.ts'

const servers: RunningServer[] = []
after(async () => {
  await Promise.all(servers.map((server) => server.close('test over')))
})

async function serveFake(provider = new FakeProvider(), highWaterBytes = 1024 * 1024) {
  const test = await createTestApp({ provider, overrides: { terminalHighWaterBytes: highWaterBytes } })
  const running = await startServer({
    sessions: test.sessions,
    provider,
    lessons: [],
    settings: test.settings,
    logger: { info() {}, warn() {}, error() {} },
    pingRegistry: async () => {},
    port: 0,
    host: '127.0.0.1',
    reapIntervalMs: 60_000,
  })
  servers.push(running)
  const session = await test.sessions.create()
  return { ...test, running, id: session.session.id, token: session.token }
}

function connect(url: string): WebSocket {
  return new WebSocket(url.replace(/^http/, 'ws'))
}

async function closeCode(socket: WebSocket): Promise<number> {
  const [code] = (await once(socket, 'close')) as [number]
  return code
}

/** Resolves with everything received once `expected` bytes appear in it. */
async function receiveUntil(socket: WebSocket, expected: Buffer): Promise<Buffer> {
  let received = Buffer.alloc(0)
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not see ${expected.toString()}`)), 3000)
    socket.on('message', function collect(data: Buffer) {
      received = Buffer.concat([received, data])
      if (received.includes(expected)) {
        clearTimeout(timer)
        socket.off('message', collect)
        resolve(received)
      }
    })
  })
}

describe('GET /api/sessions/:id/terminal', () => {
  it('Should close with 4401 for a wrong or missing token and 4404 for an unknown session', async () => {
    const { running, id, token } = await serveFake()
    assert.equal(await closeCode(connect(`${running.url}/api/sessions/${id}/terminal?token=wrong`)), 4401)
    assert.equal(await closeCode(connect(`${running.url}/api/sessions/${id}/terminal`)), 4401)
    assert.equal(await closeCode(connect(`${running.url}/api/sessions/${'a'.repeat(32)}/terminal?token=${token}`)), 4404)
  })

  it('Should carry raw bytes both ways, a Korean character split across frames included', async () => {
    const { running, id, token } = await serveFake()
    const socket = connect(`${running.url}/api/sessions/${id}/terminal?token=${token}`)
    await receiveUntil(socket, Buffer.from('$ '))
    const korean = Buffer.from('echo 한글 테스트\r')
    const split = korean.indexOf(Buffer.from('한')) + 1
    const echoed = receiveUntil(socket, korean)
    socket.send(korean.subarray(0, split), { binary: true })
    socket.send(korean.subarray(split), { binary: true })
    assert.ok((await echoed).includes(korean))
    socket.close()
  })

  it('Should resize the terminal on a resize message and ignore garbage', async () => {
    const provider = new FakeProvider()
    const { running, id, token } = await serveFake(provider)
    const socket = connect(`${running.url}/api/sessions/${id}/terminal?token=${token}`)
    await receiveUntil(socket, Buffer.from('$ '))
    socket.send('not json')
    socket.send(JSON.stringify({ type: 'resize', cols: -1, rows: 5 }))
    socket.send(JSON.stringify({ type: 'resize', cols: 120, rows: 40 }))
    const echoed = receiveUntil(socket, Buffer.from('still here'))
    socket.send(Buffer.from('still here'), { binary: true })
    await echoed
    assert.deepEqual(provider.sandboxes.get(id)?.terminalSizes, [
      { cols: 80, rows: 24 },
      { cols: 120, rows: 40 },
    ])
    socket.close()
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
    const { running, id, token } = await serveFake(new FakeProvider({ newTerminal: flood }), 256 * 1024)
    const socket = connect(`${running.url}/api/sessions/${id}/terminal?token=${token}`)
    await once(socket, 'open')
    socket.pause()
    await sleep(500)
    const whilePaused = produced
    await sleep(500)
    assert.equal(produced, whilePaused, 'the shell stopped producing while nobody read')
    assert.ok(whilePaused < 64 * 1024 * 1024, `bounded output (${whilePaused} bytes)`)
    socket.resume()
    await sleep(200)
    assert.ok(produced > whilePaused, 'the shell resumed once the socket drained')
    socket.terminate()
  })
})
