/** @module The verifier's table and miss report: Korean-aware widths, verdicts, failure details. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { displayWidth, formatMiss, formatTable, formatVerdictTable, verdictOk, type ExerciseVerdict } from './report.ts'

const passed = { passed: true, conditions: [{ id: 'exists', passed: true, message: 'web 컨테이너가 있습니다.' }] }
const failed = {
  passed: false,
  conditions: [
    { id: 'exists', passed: true, message: 'web 컨테이너가 있습니다.' },
    { id: 'port-8080', passed: false, message: '8080 포트가 열려 있지 않습니다.', hint: '-p 8080:80' },
  ],
}

const verdict = (fields: Partial<ExerciseVerdict>): ExerciseVerdict => ({
  lessonId: 'first-container',
  exerciseId: 'run-nginx',
  title: 'nginx 웹 서버 띄우기',
  fresh: failed,
  solved: passed,
  lines: [{ line: 'docker run -d --name web -p 8080:80 nginx', exitCode: 0, seconds: 1.2 }],
  conditionErrors: [],
  tail: [],
  seconds: 4.25,
  ...fields,
})

describe('displayWidth', () => {
  it('counts Hangul as two cells and ASCII and check marks as one', () => {
    assert.equal(displayWidth('nginx'), 5)
    assert.equal(displayWidth('웹 서버'), 7)
    assert.equal(displayWidth('✓ ✗'), 3)
    assert.equal(displayWidth('e\u0301'), 1)
  })
})

describe('formatTable', () => {
  it('aligns columns by display width, right-aligning the ones asked for', () => {
    const table = formatTable(['title', 'n'], [['웹 서버', '1.5'], ['web', '12.0']], new Set([1]))
    const lines = table.split('\n')
    assert.deepEqual(lines, ['title       n', '───────  ────', '웹 서버   1.5', 'web      12.0'])
    assert.equal(new Set(lines.map(displayWidth)).size, 1)
  })
})

describe('verdicts', () => {
  it('verify only when the check failed fresh, every line succeeded and the check then passed', () => {
    assert.equal(verdictOk(verdict({})), true)
    assert.equal(verdictOk(verdict({ fresh: passed })), false)
    assert.equal(verdictOk(verdict({ solved: failed })), false)
    assert.equal(verdictOk(verdict({ lines: [{ line: 'false', exitCode: 1, seconds: 0 }] })), false)
    assert.equal(verdictOk(verdict({ conditionErrors: ['http-answers threw on the fresh sandbox: timeout'] })), false)
    assert.equal(verdictOk(verdict({ problem: 'line 1 (sleep 1000) did not finish within 120 s' })), false)
    assert.equal(verdictOk(verdict({ fresh: undefined, solved: undefined, problem: 'sandbox: no engine' })), false)
  })

  it('print one row per exercise and a summary', () => {
    const text = formatVerdictTable([verdict({}), verdict({ exerciseId: 'second', fresh: passed })], 9.04)
    const [header, , ok, miss, , summary] = text.split('\n')
    assert.match(header ?? '', /^lesson\s+exercise\s+title\s+fresh ✗\s+solved ✓\s+seconds\s+result$/)
    assert.match(ok ?? '', /^first-container\s+run-nginx\s+nginx 웹 서버 띄우기\s+✗\s+✓\s+4\.3\s+ok$/)
    assert.match(miss ?? '', /second .* ✓ +✓ +4\.3 +MISS$/)
    assert.equal(summary, '2 exercise(s): 1 verified, 1 missed, 9.0 s in all')
  })

  it('explain a miss: fresh pass, failing lines, failing conditions with messages, the terminal tail', () => {
    const text = formatMiss(
      verdict({
        fresh: passed,
        solved: failed,
        lines: [{ line: 'docker run -d --name web nginx', exitCode: 125, seconds: 0.3 }],
        conditionErrors: ['port-8080 threw after the solution: socket hang up'],
        tail: ['docker: Error response from daemon: Conflict.'],
      }),
    )
    assert.match(text, /^✗ first-container\/run-nginx \(nginx 웹 서버 띄우기\)/)
    assert.match(text, /passes on a fresh sandbox/)
    assert.match(text, /solution line 1 exited with 125: docker run -d --name web nginx/)
    assert.match(text, /condition port-8080 threw after the solution: socket hang up/)
    assert.match(text, /- port-8080: 8080 포트가 열려 있지 않습니다\./)
    assert.doesNotMatch(text, /- exists/)
    assert.match(text, /│ docker: Error response from daemon: Conflict\./)
  })
})
