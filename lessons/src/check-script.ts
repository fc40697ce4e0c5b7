/**
 * @module Shell check scripts, for authors who don't write TypeScript: `checks/<exercise>.sh` runs
 * inside the learner's workstation; its exit code decides, and the lines it prints become the
 * conditions the learner sees (`FAIL: …`, `PASS: …`, and `HINT: …` for the failure above it).
 */
import type { CheckContext } from './checks.ts'
import type { CheckResult, ConditionResult } from './schema.ts'

/** Longest a check script may run before it counts as failed; a learner waits on it. */
export const CHECK_SCRIPT_TIMEOUT_SECONDS = 30

/** Largest check script accepted: it travels as one exec argument. */
export const MAX_CHECK_SCRIPT_BYTES = 64 * 1024

const SCRIPT_PASSED_MESSAGE = '검사 스크립트의 조건을 모두 통과했습니다.'
const scriptFailedMessage = (exitCode: number) =>
  exitCode === 124
    ? `검사 스크립트가 ${CHECK_SCRIPT_TIMEOUT_SECONDS}초 안에 끝나지 않았습니다.`
    : `검사 스크립트가 실패했습니다 (종료 코드 ${exitCode}).`
const SCRIPT_FAILED_HINT = '실습 안내를 다시 읽고, 터미널에서 명령의 결과를 확인해 보세요.'

/**
 * Turns a script's output and exit code into conditions: each `PASS:`/`FAIL:` line is one, a
 * `HINT:` line gives the failure just above it its hint. The exit code decides the verdict, so a
 * script that exits non-zero without a `FAIL:` line still fails, with a generic condition.
 */
export function parseCheckScriptOutput(stdout: string, exitCode: number): CheckResult {
  const conditions: ConditionResult[] = []
  for (const rawLine of stdout.split(/\r?\n/)) {
    const line = /^(PASS|FAIL|HINT):\s*(.*)$/.exec(rawLine.trim())
    if (!line) continue
    const [, kind, text = ''] = line
    const last = conditions.at(-1)
    if (kind === 'HINT') {
      if (last && !last.passed) last.hint = last.hint === undefined ? text : `${last.hint} ${text}`
      continue
    }
    conditions.push({ id: `script-${conditions.length + 1}`, passed: kind === 'PASS', message: text })
  }
  const failedLines = conditions.some((condition) => !condition.passed)
  if (exitCode !== 0 && !failedLines) {
    conditions.push({ id: 'script-exit', passed: false, message: scriptFailedMessage(exitCode), hint: SCRIPT_FAILED_HINT })
  }
  if (conditions.length === 0) conditions.push({ id: 'script-exit', passed: true, message: SCRIPT_PASSED_MESSAGE })
  return { passed: exitCode === 0 && !failedLines, conditions }
}

/**
 * Runs `script` in the workstation with `sh`, the lesson's folder as `$LESSON_DIR`, under a
 * timeout. The script is the lesson author's text, passed as one argument, never interpolated.
 */
export async function runCheckScript(script: string, lessonId: string, ctx: CheckContext): Promise<CheckResult> {
  const lessonDir = `/root/workspace/${lessonId}`
  const result = await ctx.exec([
    'timeout',
    String(CHECK_SCRIPT_TIMEOUT_SECONDS),
    'env',
    `LESSON_DIR=${lessonDir}`,
    'sh',
    '-c',
    `cd "$LESSON_DIR" 2>/dev/null || cd /root; ${script}`,
    `check-${lessonId}`,
  ])
  return parseCheckScriptOutput(result.stdout, result.exitCode)
}
