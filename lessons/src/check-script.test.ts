import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { CheckContext, ExecResult } from './checks.ts'
import { CHECK_SCRIPT_TIMEOUT_SECONDS, parseCheckScriptOutput, runCheckScript } from './check-script.ts'

describe('parseCheckScriptOutput', () => {
  it('turns FAIL and PASS lines into conditions and gives a failure the HINT below it', () => {
    const result = parseCheckScriptOutput(
      'building…\nPASS: 이미지가 있습니다\nFAIL: 컨테이너가 없습니다\nHINT: docker run 을 해 보세요\nHINT: 이름은 web 입니다\n',
      1,
    )
    assert.equal(result.passed, false)
    assert.deepEqual(result.conditions, [
      { id: 'script-1', passed: true, message: '이미지가 있습니다' },
      { id: 'script-2', passed: false, message: '컨테이너가 없습니다', hint: 'docker run 을 해 보세요 이름은 web 입니다' },
    ])
  })

  it('lets the exit code decide: a non-zero exit without FAIL lines still fails', () => {
    const result = parseCheckScriptOutput('PASS: 하나는 맞습니다\n', 2)
    assert.equal(result.passed, false)
    assert.match(result.conditions.at(-1)?.message ?? '', /종료 코드 2/)
  })

  it('names a timeout as one', () => {
    assert.match(parseCheckScriptOutput('', 124).conditions[0]?.message ?? '', new RegExp(`${CHECK_SCRIPT_TIMEOUT_SECONDS}초`))
  })

  it('fails on a FAIL line even when the script exits 0, and passes a silent script that exits 0', () => {
    assert.equal(parseCheckScriptOutput('FAIL: 아직입니다\n', 0).passed, false)
    const silent = parseCheckScriptOutput('', 0)
    assert.equal(silent.passed, true)
    assert.equal(silent.conditions.length, 1)
  })
})

describe('runCheckScript', () => {
  it('passes the script as one argument under a timeout, in the lesson folder', async () => {
    const calls: (readonly string[])[] = []
    const ctx: CheckContext = {
      docker: {} as CheckContext['docker'],
      exec: async (argv): Promise<ExecResult> => {
        calls.push(argv)
        return { exitCode: 0, stdout: 'PASS: 좋아요\n', stderr: '' }
      },
    }
    const script = 'test -f Dockerfile && echo "PASS: 좋아요"'
    const result = await runCheckScript(script, 'my-lesson', ctx)
    assert.equal(result.passed, true)
    const argv = calls[0] ?? []
    assert.deepEqual(argv.slice(0, 6), ['timeout', String(CHECK_SCRIPT_TIMEOUT_SECONDS), 'env', 'LESSON_DIR=/root/workspace/my-lesson', 'sh', '-c'])
    assert.ok(argv[6]?.endsWith(script))
  })
})
