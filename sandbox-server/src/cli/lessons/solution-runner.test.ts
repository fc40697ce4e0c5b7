/**
 * @module The solution runner against a fake shell that echoes what is typed, answers in tiny
 * chunks (splitting markers and Korean characters) and honours the runner's PROMPT_COMMAND.
 */
import assert from 'node:assert/strict'
import { Duplex } from 'node:stream'
import { describe, it } from 'node:test'
import type { Terminal } from '../../sandbox/provider.ts'
import { promptHookLine, runSolutionLines, terminalTail } from './solution-runner.ts'

/** What the fake shell does with one command line. */
interface Reply {
  output?: string
  exitCode?: number
  /** Never returns to the prompt. */
  hang?: boolean
  /** Ends the shell instead of answering. */
  exit?: boolean
  /** Draws the marker twice, ending it with cursor jumps as tmux does. */
  redraw?: boolean
}

/** A shell on a fake TTY; `typedWhileBusy` counts lines that arrived before the prompt came back. */
function fakeShell(replies: Record<string, Reply>): Terminal & { commands: string[]; typedWhileBusy: number } {
  let typed = ''
  let tag: string | undefined
  let sequence = 0
  let busy = false
  const state = { commands: [] as string[], typedWhileBusy: 0 }
  const stream: Duplex = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      typed += chunk.toString('utf8')
      for (let end = typed.indexOf('\r'); end >= 0; end = typed.indexOf('\r')) {
        const line = typed.slice(0, end)
        typed = typed.slice(end + 1)
        if (busy) state.typedWhileBusy++
        answer(line)
      }
      callback()
    },
  })
  // Bytes leave in 3-byte pieces, so markers and Hangul syllables arrive split across chunks.
  const print = (text: string): void => {
    const bytes = Buffer.from(text, 'utf8')
    for (let at = 0; at < bytes.length; at += 3) stream.push(bytes.subarray(at, at + 3))
  }
  const answer = (line: string): void => {
    print(`${line}\r\n`)
    const hook = /PROMPT_COMMAND='printf "\\n%s:%s:%s\\n" (\S+) "\$\?" "\$\(\(\+\+__verify_n\)\)"'/.exec(line)
    if (hook) {
      tag = hook[1]
      print(`\r\n${tag}:0:${++sequence}\r\n$ `)
      return
    }
    state.commands.push(line)
    const reply = replies[line] ?? {}
    if (reply.exit) {
      stream.push(null)
      return
    }
    busy = true
    if (reply.hang) return
    setTimeout(() => {
      busy = false
      const marker = `${tag}:${reply.exitCode ?? 0}:${++sequence}`
      // tmux may draw a line again, and may move the cursor with an escape instead of a newline.
      const drawn = reply.redraw ? `${marker}\x1b[5;1H${marker}\x1b[6;1H` : `${marker}\r\n`
      print(`${(reply.output ?? '').replace(/\n/g, '\r\n')}\r\n${drawn}$ `)
    }, 5)
  }
  print('\x1b]0;title\x07$ ')
  return Object.assign(state, { stream, resize: async () => {}, close: () => stream.destroy() })
}

const options = { lineTimeoutMs: 2000, startTimeoutMs: 2000, tag: 'verify-0a1b2c' }

describe('runSolutionLines', () => {
  it('types each line only once the shell is back at its prompt, and keeps every exit code', async () => {
    const shell = fakeShell({
      'docker run -d --name web nginx': { output: 'abc123\n' },
      "echo '안녕하세요' > hello.html": {},
      'docker rename draft homepage': { output: 'Error: No such container: draft\n', exitCode: 1, redraw: true },
      'docker ps': {},
    })
    const run = await runSolutionLines(
      shell,
      ['docker run -d --name web nginx', "echo '안녕하세요' > hello.html", 'docker rename draft homepage', 'docker ps'],
      options,
    )
    assert.equal(run.problem, undefined)
    assert.deepEqual(run.lines.map(({ line, exitCode }) => [line, exitCode]), [
      ['docker run -d --name web nginx', 0],
      ["echo '안녕하세요' > hello.html", 0],
      ['docker rename draft homepage', 1],
      ['docker ps', 0],
    ])
    assert.equal(shell.typedWhileBusy, 0)
    assert.match(run.output, /안녕하세요/, 'Korean split across chunks is decoded whole')
    assert.doesNotMatch(run.output, /PROMPT_COMMAND/, 'the output starts after the setup line')
  })

  it('does not take the echo of its own setup line for a marker', () => {
    assert.doesNotMatch(promptHookLine('verify-0a1b2c'), /verify-0a1b2c:\d/)
    assert.match(promptHookLine('verify-0a1b2c'), /^ /, 'kept out of the history')
  })

  it('reports a line that never finishes, naming it, without typing the rest', async () => {
    const shell = fakeShell({ 'sleep infinity': { hang: true } })
    const run = await runSolutionLines(shell, ['true', 'sleep infinity', 'docker ps'], { ...options, lineTimeoutMs: 100 })
    assert.equal(run.lines.length, 1)
    assert.match(run.problem ?? '', /line 2 \(sleep infinity\) did not finish within 0\.1 s/)
    assert.deepEqual(shell.commands, ['true', 'sleep infinity'])
  })

  it('reports a shell that ends in the middle', async () => {
    const run = await runSolutionLines(fakeShell({ exit: { exit: true } }), ['exit', 'docker ps'], options)
    assert.match(run.problem ?? '', /line 1 \(exit\) the shell ended/)
  })

  it('stops waiting when aborted', async () => {
    const stop = new AbortController()
    const running = runSolutionLines(fakeShell({ 'sleep 60': { hang: true } }), ['sleep 60'], { ...options, signal: stop.signal })
    setTimeout(() => stop.abort(), 20)
    assert.match((await running).problem ?? '', /stopped/)
  })
})

describe('terminalTail', () => {
  it('keeps what a person saw: no escapes, no overdrawn progress, no markers', () => {
    const output = [
      '\x1b]0;learner@docker-classroom\x07\x1b[1;32mlearner\x1b[0m$ docker pull nginx\r\n',
      'Pulling 10%\rPulling 100%\r\n',
      '{"Id":"abc"}verify-0a1b2c:0:1\r\n',
      '$ ls\r\n\r\nverify-0a1b2c:0:2\r\n',
      '\x1b(B\x1b[m$ echo 완료\r\n완료\x1b[11;1Hverify-0a1b2c:0:3\r\n',
      '$ \x1b[K\r\n\x1b[K\r\n\x1b[K\r\n',
    ].join('')
    assert.deepEqual(terminalTail(output, 10), [
      'learner$ docker pull nginx',
      'Pulling 100%',
      '{"Id":"abc"}',
      '$ ls',
      '$ echo 완료',
      '완료',
      '$',
    ])
    assert.deepEqual(terminalTail(output, 2), ['완료', '$'])
  })
})
