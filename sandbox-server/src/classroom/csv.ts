/**
 * @module The class results as CSV for a spreadsheet: one row per learner and exercise, with a
 * UTF-8 byte order mark so Excel reads the Korean, and cells that would start a formula defused.
 */
import type { Dashboard } from './service.ts'

const HEADER = ['별명', '참여 시각', '레슨', '실습', '결과', '채점 횟수', '마지막 채점']
const STATUS_LABELS = { passed: '통과', failed: '실패', none: '시도 안 함' } as const

/** A CSV cell: quoted when needed; a leading =, +, - or @ gets a ' so a spreadsheet shows it as text. */
export function csvCell(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

const iso = (epochMs: number) => new Date(epochMs).toISOString()

export function resultsCsv({ members, exercises, results }: Pick<Dashboard, 'members' | 'exercises' | 'results'>): string {
  const byKey = new Map(results.map((result) => [`${result.memberId}/${result.lessonId}/${result.exerciseId}`, result]))
  const rows = members.flatMap((member) =>
    exercises.map((exercise) => {
      const result = byKey.get(`${member.id}/${exercise.lessonId}/${exercise.exerciseId}`)
      return [
        member.nickname,
        iso(member.joinedAt),
        exercise.lessonId,
        exercise.exerciseId,
        STATUS_LABELS[result?.status ?? 'none'],
        String(result?.attempts ?? 0),
        result ? iso(result.lastAt) : '',
      ]
    }),
  )
  return `\uFEFF${[HEADER, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`
}
