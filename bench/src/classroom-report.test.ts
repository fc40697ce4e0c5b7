/** @module Unit tests of the classroom benchmark's report: the server log it reads, its tables and its section. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { JoinTimings } from './classroom-client.ts'
import {
  histogramMean,
  joinedSessions,
  phaseRows,
  runNotes,
  summaryRows,
  warmBySession,
  withClassroomSection,
  type ClassroomRun,
  type JoinedLearnerTimings,
} from './classroom-report.ts'

const NOTHING = { containers: 0, volumes: 0, networks: 0, disks: 0 }

/** A learner whose steps each took `stepMs` more than the one before. */
function learner(sessionId: string, stepMs: number, warm: boolean | undefined): JoinedLearnerTimings {
  const timings: JoinTimings = { joinedMs: stepMs, ticketMs: 2 * stepMs, openMs: 3 * stepMs, firstByteMs: 4 * stepMs, promptMs: 5 * stepMs }
  return { sessionId, timings, warm }
}

function run(overrides: Partial<ClassroomRun>): ClassroomRun {
  return {
    label: 'pre-warmed',
    learners: 4,
    loadAverage: 0.5,
    prewarm: { ms: 8000, ready: 4, complete: true },
    poolAtJoins: { ready: 4, starting: 0, target: 4 },
    joined: [learner('a', 10, true), learner('b', 20, true), learner('c', 30, false)],
    failures: [{ nickname: '학생04', error: 'POST /api/classroom/join answered 503: full' }],
    afterEnd: { leftovers: NOTHING, learnersLeft: 0, waitedMs: 500 },
    afterStop: NOTHING,
    terminalAttachMeanS: undefined,
    ...overrides,
  }
}

describe('the server log', () => {
  const log = [
    '{"level":"info","time":"…","sessionId":"s1","warm":true,"event":"session.created"}',
    'not json {',
    '{"level":"info","sessionId":"s2","warm":false,"event":"session.created"}',
    '{"level":"info","sessionId":"s3","event":"session.created"}',
    '{"level":"info","classId":"c","sessionId":"s2","event":"classroom.joined"}',
    '{"level":"info","sessionId":"s4","warm":true,"event":"session.deleted"}',
    '{"broken',
  ].join('\n')

  it('says which sessions took a warm workstation, from session.created lines only', () => {
    assert.deepEqual([...warmBySession(log)], [
      ['s1', true],
      ['s2', false],
    ])
  })

  it("names the sessions the class's joins started", () => {
    assert.deepEqual([...joinedSessions(log)], ['s2'])
  })
})

describe('histogramMean', () => {
  const metrics = [
    '# HELP classroom_terminal_attach_seconds Time to open a shell for a terminal socket.',
    'classroom_terminal_attach_seconds_bucket{le="0.5"} 2',
    'classroom_terminal_attach_seconds_sum 3.5',
    'classroom_terminal_attach_seconds_count 5',
    'classroom_check_seconds_sum 0',
    'classroom_check_seconds_count 0',
  ].join('\n')

  it("is a histogram's sum over its count", () => {
    assert.equal(histogramMean(metrics, 'classroom_terminal_attach_seconds'), 0.7)
  })

  it('is undefined for a histogram without samples, or none of that name', () => {
    assert.equal(histogramMean(metrics, 'classroom_check_seconds'), undefined)
    assert.equal(histogramMean(metrics, 'classroom_terminal_attach'), undefined)
  })
})

describe('the tables', () => {
  it('count who reached the prompt and who got a warm workstation, out of everyone who joined', () => {
    const [row] = summaryRows([run({ joined: [...run({}).joined, learner('d', 40, undefined)], failures: [] })])
    assert.equal(row![2], '4 of 4')
    assert.equal(row![3], "2 of 4 (1 not in the server's log)")
  })

  it('give p50 · p95 · max of the first byte and the prompt over the learners at a prompt', () => {
    const [row] = summaryRows([run({})])
    // First bytes 40, 80, 120 ms: p95 interpolates between the top two.
    assert.equal(row![4], '80.0 ms · 116 ms · 120 ms')
    assert.equal(row![5], '100 ms · 145 ms · 150 ms')
    assert.equal(row![1], '4 ready, 0 starting, pre-warmed in 8.0 s')
  })

  it('show a run in which nobody reached the prompt, without phases', () => {
    const empty = run({ label: 'not pre-warmed', prewarm: undefined, joined: [] })
    const [row] = summaryRows([empty])
    assert.deepEqual(row!.slice(2), ['0 of 4', '0 of 4', '–', '–'])
    assert.equal(row![1], '4 ready, 0 starting (joins fired as the class was created)')
    assert.deepEqual(phaseRows([empty]), [])
  })

  it('have one phase row per step, in order, each over every learner at a prompt', () => {
    const rows = phaseRows([run({})])
    assert.equal(rows.length, 5)
    assert.deepEqual(
      rows.map((row) => [row[2], row[4]]),
      [
        ['3', '20.0'],
        ['3', '40.0'],
        ['3', '60.0'],
        ['3', '80.0'],
        ['3', '100'],
      ],
    )
  })
})

describe('the notes', () => {
  it('group failures by message and say what was left of whose workstations', () => {
    const notes = runNotes(
      run({
        failures: [
          { nickname: '학생03', error: 'timeout' },
          { nickname: '학생04', error: 'timeout' },
        ],
        afterEnd: { leftovers: { containers: 2, volumes: 0, networks: 2, disks: 1 }, learnersLeft: 1, waitedMs: 60_000 },
      }),
      2,
    )
    assert.ok(notes.includes('pre-warmed: 2 of 4 learners got no prompt: timeout'))
    assert.ok(
      notes.some((note) => note.includes('2 workstation containers, 0 volumes, 2 networks and 1 workstation disk (1 of the workstations a learner')),
      notes.join('\n'),
    )
  })

  it('call a busy machine busy, and an unfinished pre-warm unfinished', () => {
    const notes = runNotes(run({ loadAverage: 9, prewarm: { ms: 30_000, ready: 3, complete: false } }), 2)
    assert.ok(notes.some((note) => note.includes('load average 9.0 on 2 cores')))
    assert.ok(notes.some((note) => note.includes('held 3 of 4 ready workstations after 30.0 s')))
  })
})

describe('withClassroomSection', () => {
  it("replaces only its own section, leaving other tools' sections as they were", () => {
    const page = '# Benchmarks\n\n<!-- sandbox-bench:start -->\nkept\n<!-- sandbox-bench:end -->\n'
    const first = withClassroomSection(page, 'first')
    assert.ok(first.startsWith(page.trimEnd()))
    assert.match(first, /## Classroom[^\n]*\n[\s\S]*<!-- classroom-bench:start -->\nfirst\n<!-- classroom-bench:end -->\n$/)
    assert.equal(withClassroomSection(first, 'second'), first.replace('\nfirst\n', '\nsecond\n'))
  })
})
