/** @module Tests for the terminal WebSocket link and the run-in-terminal event, with fake sockets. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { onRunInTerminal, runInTerminal } from './terminal-bus.ts'
import { reconnectDelayMs, TerminalLink, type LinkStatus, type SocketLike } from './terminal-link.ts'

class FakeSocket implements SocketLike {
  binaryType: BinaryType = 'blob'
  readyState = 0
  sent: Array<string | Uint8Array> = []
  onopen: ((event: Event) => void) | null = null
  onmessage: ((event: MessageEvent) => void) | null = null
  onclose: ((event: CloseEvent) => void) | null = null
  readonly url: string

  constructor(url: string) {
    this.url = url
  }
  send(data: string | ArrayBufferLike | ArrayBufferView) {
    this.sent.push(typeof data === 'string' ? data : new Uint8Array(data as ArrayBuffer))
  }
  close() {
    this.readyState = 3
  }
  open() {
    this.readyState = 1
    this.onopen?.(new Event('open'))
  }
  receive(text: string) {
    this.onmessage?.({ data: new TextEncoder().encode(text).buffer } as MessageEvent)
  }
  serverClose(code: number) {
    this.readyState = 3
    this.onclose?.({ code } as CloseEvent)
  }
}

/** Lets pending promise callbacks run (the link awaits its URL). */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve))

function setup(urls: Array<string | null | Error> = []) {
  const sockets: FakeSocket[] = []
  let connection = 0
  const statuses: LinkStatus[] = []
  const output: string[] = []
  const timers: Array<{ callback: () => void; ms: number }> = []
  const link = new TerminalLink({
    url: async () => {
      const url = urls.length > 0 ? urls.shift()! : `ws://host/api/sessions/s1/terminal?ticket=t${++connection}`
      if (url instanceof Error) throw url
      return url
    },
    write: (data, done) => {
      output.push(new TextDecoder().decode(data))
      done()
    },
    size: () => ({ cols: 80, rows: 24 }),
    onStatus: (status) => statuses.push(status),
    createSocket: (url) => {
      const socket = new FakeSocket(url)
      sockets.push(socket)
      return socket
    },
    maxAttempts: 2,
    setTimer: (callback, ms) => timers.push({ callback, ms }),
    clearTimer: () => {},
  })
  return { link, sockets, statuses, output, timers }
}

describe('TerminalLink', () => {
  it('opens an arraybuffer socket, sends the size first, then binary keystrokes', async () => {
    const { link, sockets, statuses } = setup()
    await link.connect()
    const socket = sockets[0]!
    assert.equal(socket.binaryType, 'arraybuffer')
    socket.open()
    link.send('한글\r')
    assert.deepEqual(statuses, ['connecting', 'open'])
    assert.equal(socket.sent[0], '{"type":"resize","cols":80,"rows":24}')
    assert.deepEqual(socket.sent[1], new TextEncoder().encode('한글\r'))
  })

  it('queues keystrokes typed before the socket opens', async () => {
    const { link, sockets } = setup()
    await link.connect()
    link.send('docker ps\r')
    sockets[0]!.open()
    assert.deepEqual(sockets[0]!.sent[1], new TextEncoder().encode('docker ps\r'))
  })

  it('writes binary output to the terminal', async () => {
    const { link, sockets, output } = setup()
    await link.connect()
    sockets[0]!.open()
    sockets[0]!.receive('$ ')
    assert.deepEqual(output, ['$ '])
  })

  it('sends the new size on resize', async () => {
    const { link, sockets } = setup()
    await link.connect()
    sockets[0]!.open()
    link.resize()
    assert.equal(sockets[0]!.sent.length, 2)
  })

  it('reconnects with backoff after an unexpected close, then gives up', async () => {
    const { link, sockets, statuses, timers } = setup()
    await link.connect()
    sockets[0]!.open()
    sockets[0]!.serverClose(1006)
    assert.equal(timers[0]?.ms, 1000)
    timers[0]!.callback()
    await flush()
    sockets[1]!.serverClose(1006)
    assert.equal(timers[1]?.ms, 2000)
    timers[1]!.callback()
    await flush()
    sockets[2]!.serverClose(1006)
    assert.deepEqual(statuses, ['connecting', 'open', 'reconnecting', 'reconnecting', 'reconnecting', 'reconnecting', 'failed'])
    link.retry()
    await flush()
    assert.equal(sockets.length, 4)
  })

  for (const code of [4401, 4404]) {
    it(`reports the session gone on close code ${code} without reconnecting`, async () => {
      const { link, sockets, statuses, timers } = setup()
      await link.connect()
      sockets[0]!.serverClose(code)
      assert.equal(statuses.at(-1), 'gone')
      assert.equal(timers.length, 0)
    })
  }

  it('asks for a fresh URL on every connection', async () => {
    const { link, sockets, timers } = setup()
    await link.connect()
    sockets[0]!.open()
    sockets[0]!.serverClose(1006)
    timers[0]!.callback()
    await flush()
    assert.deepEqual(
      sockets.map((socket) => socket.url),
      ['ws://host/api/sessions/s1/terminal?ticket=t1', 'ws://host/api/sessions/s1/terminal?ticket=t2'],
    )
  })

  it('reports the session gone when there is no URL for it', async () => {
    const { link, sockets, statuses, timers } = setup([null])
    await link.connect()
    assert.equal(sockets.length, 0)
    assert.deepEqual(statuses, ['connecting', 'gone'])
    assert.equal(timers.length, 0)
  })

  it('retries with backoff when the URL cannot be fetched', async () => {
    const { link, sockets, statuses, timers } = setup([new Error('network')])
    await link.connect()
    assert.equal(sockets.length, 0)
    assert.equal(timers[0]?.ms, 1000)
    timers[0]!.callback()
    await flush()
    sockets[0]!.open()
    assert.deepEqual(statuses, ['connecting', 'reconnecting', 'reconnecting', 'open'])
  })

  it('does not reconnect after close()', async () => {
    const { link, sockets, timers } = setup()
    await link.connect()
    sockets[0]!.open()
    link.close()
    sockets[0]!.serverClose(1000)
    assert.equal(timers.length, 0)
  })

  it('backs off exponentially up to 10 seconds', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 9].map(reconnectDelayMs), [1000, 2000, 4000, 8000, 10_000, 10_000])
  })
})

describe('runInTerminal', () => {
  it('delivers the command to listeners until they unsubscribe', () => {
    const target = new EventTarget()
    const received: string[] = []
    const unsubscribe = onRunInTerminal((command) => received.push(command), target)
    runInTerminal('docker ps', target)
    unsubscribe()
    runInTerminal('docker images', target)
    assert.deepEqual(received, ['docker ps'])
  })
})
