/**
 * The live class dashboard island (`/teach/class/?id=…`): the join code with its URL and QR code,
 * each learner's lesson, exercise results, last activity and sandbox, a per-exercise overview of
 * who is stuck, and the instructor's controls (watch a terminal, reset a sandbox, broadcast,
 * extend, end, export CSV). It refetches when the server says the class changed — no polling.
 *
 * Test hooks: `data-testid="dashboard"`, `join-code-display`, `join-qr`, `member-row` (with
 * `data-nickname`), `result-cell` (with `data-exercise-id` and `data-status`), `member-lesson`,
 * `mirror-button`, `mirror-dialog`, `reset-button`, `broadcast-text`, `broadcast-send`,
 * `extend-button`, `end-button`, `csv-button`, `class-status`, `exercise-overview`.
 */
import { lazy, Suspense, useEffect, useRef, useState, type FormEvent } from 'react'
import { tc, type ClassroomMessageKey } from '../../i18n/classroom.ts'
import { followStream, instructorRequest, storedInstructor, type InstructorCredentials } from '../../lib/classroom/classroom-api.ts'
import { ApiError } from '../../lib/session/session-client.ts'
import './classroom.css'

const MirrorTerminal = lazy(() => import('./MirrorTerminal.tsx'))

interface Props {
  teachHref: string
  joinHref: string
  /** Lesson id → title, for the lesson column. */
  lessonTitles: Record<string, string>
}

type ResultStatus = 'passed' | 'failed'

export interface DashboardData {
  class: { id: string; name: string; joinCode: string; capacity: number; endsAt: string; endedAt: string | null }
  members: { id: string; nickname: string; joinedAt: string; lastActiveAt: string; currentLessonId: string | null; sandbox: string }[]
  exercises: { lessonId: string; exerciseId: string; title: string }[]
  results: { memberId: string; lessonId: string; exerciseId: string; status: ResultStatus; attempts: number }[]
  messages: { id: number; text: string; at: string }[]
}

/** Per exercise: how many passed, how many tried without passing (stuck, by name), how many not yet. */
export function exerciseOverview({ members, exercises, results }: Pick<DashboardData, 'members' | 'exercises' | 'results'>) {
  return exercises.map((exercise) => {
    const of = results.filter((result) => result.lessonId === exercise.lessonId && result.exerciseId === exercise.exerciseId)
    const passed = of.filter((result) => result.status === 'passed').map((result) => result.memberId)
    const stuck = of.filter((result) => result.status === 'failed').map((result) => result.memberId)
    const nickname = (id: string) => members.find((member) => member.id === id)?.nickname ?? id
    return { ...exercise, passed: passed.length, stuck: stuck.map(nickname), notYet: members.length - passed.length - stuck.length }
  })
}

const RESULT_LABELS = {
  passed: 'class.dashboard.result.passed',
  failed: 'class.dashboard.result.failed',
  none: 'class.dashboard.result.none',
} as const satisfies Record<ResultStatus | 'none', ClassroomMessageKey>

const SANDBOX_LABELS: Readonly<Record<string, ClassroomMessageKey>> = {
  running: 'class.dashboard.sandbox.running',
  starting: 'class.dashboard.sandbox.starting',
  stopped: 'class.dashboard.sandbox.stopped',
}

const minutesAgo = (iso: string, now: number) => Math.max(0, Math.round((now - Date.parse(iso)) / 60_000))

function statusText(status: ResultStatus | undefined): string {
  return status === 'passed' ? '✓' : status === 'failed' ? '✗' : '–'
}

export default function ClassDashboard({ teachHref, joinHref, lessonTitles }: Props) {
  const [instructor, setInstructor] = useState<InstructorCredentials | null | undefined>(undefined)
  const [classId, setClassId] = useState<string | null>(null)
  const [data, setData] = useState<DashboardData | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [broadcast, setBroadcast] = useState('')
  const [mirroring, setMirroring] = useState<{ id: string; nickname: string } | null>(null)
  const [qr, setQr] = useState<string | null>(null)
  const [now, setNow] = useState(() => Date.now())
  const refreshing = useRef<Promise<void> | null>(null)

  useEffect(() => {
    setInstructor(storedInstructor(localStorage))
    setClassId(new URLSearchParams(location.search).get('id'))
    const clock = setInterval(() => setNow(Date.now()), 30_000)
    return () => clearInterval(clock)
  }, [])

  const joinUrl = data ? new URL(`${joinHref}?code=${data.class.joinCode}`, location.href).href : ''

  async function refresh(who: InstructorCredentials, id: string): Promise<void> {
    refreshing.current ??= instructorRequest(who, 'GET', `/api/classes/${encodeURIComponent(id)}`)
      .then(
        (body) => {
          setData(body as DashboardData)
          setError(null)
        },
        (caught: unknown) => setError(caught instanceof ApiError ? caught.message : tc('class.error.unknown')),
      )
      .finally(() => (refreshing.current = null))
    return refreshing.current
  }

  useEffect(() => {
    if (!instructor || !classId) return
    void refresh(instructor, classId)
    return followStream(`/api/classes/${encodeURIComponent(classId)}/events`, instructor.token, (event) => {
      if (event.event === 'changed') void refresh(instructor, classId)
    })
  }, [instructor, classId])

  useEffect(() => {
    if (!joinUrl) return
    void import('qrcode').then(({ toString }) => toString(joinUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then(setQr))
  }, [joinUrl])

  if (instructor === undefined) return <p>{tc('class.loading')}</p>
  if (!instructor) {
    return (
      <p className="classroom-notice">
        {tc('class.dashboard.signInFirst')} <a href={teachHref}>{tc('class.dashboard.toTeach')}</a>
      </p>
    )
  }
  if (!data) return <p role={error ? 'alert' : undefined}>{error ?? tc('class.loading')}</p>

  const who = instructor
  const id = data.class.id
  const ended = data.class.endedAt !== null
  const resultOf = (memberId: string, lessonId: string, exerciseId: string) =>
    data.results.find((result) => result.memberId === memberId && result.lessonId === lessonId && result.exerciseId === exerciseId)

  async function act(run: () => Promise<unknown>, done: string) {
    try {
      await run()
      setNotice(done)
      await refresh(who, id)
    } catch (caught) {
      setNotice(caught instanceof ApiError ? caught.message : tc('class.error.unknown'))
    }
  }

  function sendBroadcast(event: FormEvent) {
    event.preventDefault()
    const text = broadcast.trim()
    if (!text) return
    void act(() => instructorRequest(who, 'POST', `/api/classes/${id}/broadcast`, { body: { text } }), tc('class.dashboard.broadcastSent')).then(() =>
      setBroadcast(''),
    )
  }

  async function downloadCsv() {
    // The token travels in a header, so the file is fetched here and handed to the browser as a blob.
    const response = await fetch(`/api/classes/${id}/results.csv`, { headers: { authorization: `Bearer ${who.token}` } })
    if (!response.ok) {
      setNotice(tc('class.error.unknown'))
      return
    }
    const link = document.createElement('a')
    link.href = URL.createObjectURL(await response.blob())
    link.download = `${data?.class.name ?? 'class'}-결과.csv`
    link.click()
    URL.revokeObjectURL(link.href)
  }

  const overview = exerciseOverview(data)
  const minutesLeft = Math.max(0, Math.ceil((Date.parse(data.class.endsAt) - now) / 60_000))
  return (
    <div className="classroom dashboard" data-testid="dashboard">
      <section className="dashboard-join" aria-label={tc('class.dashboard.joinSection')}>
        <div>
          <p className="classroom-muted">{tc('class.dashboard.codeLabel')}</p>
          <p className="dashboard-code" data-testid="join-code-display" aria-label={tc('class.dashboard.codeAria', { code: data.class.joinCode.split('').join(' ') })}>
            {data.class.joinCode}
          </p>
          <p>
            <a href={joinUrl}>{joinUrl}</a>
          </p>
          <p className="classroom-muted" data-testid="class-status">
            {ended
              ? tc('class.dashboard.ended')
              : tc('class.dashboard.status', { joined: data.members.length, capacity: data.class.capacity, minutes: minutesLeft })}
          </p>
        </div>
        {qr && <div className="dashboard-qr" data-testid="join-qr" role="img" aria-label={tc('class.dashboard.qrAria')} dangerouslySetInnerHTML={{ __html: qr }} />}
      </section>

      {!ended && (
        <section className="dashboard-controls" aria-label={tc('class.dashboard.controls')}>
          <form onSubmit={sendBroadcast} className="dashboard-broadcast">
            <label>
              {tc('class.dashboard.broadcastLabel')}
              <input data-testid="broadcast-text" value={broadcast} maxLength={500} onInput={(e) => setBroadcast((e.target as HTMLInputElement).value)} placeholder={tc('class.dashboard.broadcastPlaceholder')} />
            </label>
            <button type="submit" data-testid="broadcast-send" className="classroom-primary">
              {tc('class.dashboard.broadcastSend')}
            </button>
          </form>
          <div className="classroom-row">
            <button type="button" data-testid="extend-button" onClick={() => void act(() => instructorRequest(who, 'POST', `/api/classes/${id}/extend`, { body: { minutes: 15 } }), tc('class.dashboard.extended'))}>
              {tc('class.dashboard.extend')}
            </button>
            <button type="button" data-testid="csv-button" onClick={() => void downloadCsv()}>
              {tc('class.dashboard.csv')}
            </button>
            <button
              type="button"
              data-testid="end-button"
              className="classroom-danger"
              onClick={() => confirm(tc('class.dashboard.endConfirm')) && void act(() => instructorRequest(who, 'POST', `/api/classes/${id}/end`), tc('class.dashboard.endedNotice'))}
            >
              {tc('class.dashboard.end')}
            </button>
          </div>
        </section>
      )}
      {ended && (
        <button type="button" data-testid="csv-button" onClick={() => void downloadCsv()}>
          {tc('class.dashboard.csv')}
        </button>
      )}
      <p role="status" className="classroom-muted">
        {notice}
      </p>

      <section aria-label={tc('class.dashboard.overview')}>
        <h2>{tc('class.dashboard.overview')}</h2>
        <ul className="dashboard-overview" data-testid="exercise-overview">
          {overview.map((item) => (
            <li key={`${item.lessonId}/${item.exerciseId}`}>
              <strong>{item.title}</strong> <span className="classroom-muted">({lessonTitles[item.lessonId] ?? item.lessonId})</span>
              <br />
              {tc('class.dashboard.overviewCounts', { passed: item.passed, stuck: item.stuck.length, notYet: item.notYet })}
              {item.stuck.length > 0 && <span className="dashboard-stuck"> · {tc('class.dashboard.stuck', { names: item.stuck.join(', ') })}</span>}
            </li>
          ))}
        </ul>
      </section>

      <section aria-label={tc('class.dashboard.members')}>
        <h2>{tc('class.dashboard.members')}</h2>
        {data.members.length === 0 ? (
          <p>{tc('class.dashboard.noMembers')}</p>
        ) : (
          <div className="dashboard-table-wrap">
            <table className="dashboard-table">
              <thead>
                <tr>
                  <th scope="col">{tc('class.dashboard.nickname')}</th>
                  <th scope="col">{tc('class.dashboard.lesson')}</th>
                  {data.exercises.map((exercise) => (
                    <th scope="col" key={`${exercise.lessonId}/${exercise.exerciseId}`} title={exercise.title}>
                      {exercise.exerciseId}
                    </th>
                  ))}
                  <th scope="col">{tc('class.dashboard.lastActive')}</th>
                  <th scope="col">{tc('class.dashboard.sandbox')}</th>
                  {!ended && <th scope="col">{tc('class.dashboard.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {data.members.map((member) => (
                  <tr key={member.id} data-testid="member-row" data-nickname={member.nickname}>
                    <th scope="row">{member.nickname}</th>
                    <td data-testid="member-lesson">{member.currentLessonId ? (lessonTitles[member.currentLessonId] ?? member.currentLessonId) : '–'}</td>
                    {data.exercises.map((exercise) => {
                      const result = resultOf(member.id, exercise.lessonId, exercise.exerciseId)
                      return (
                        <td
                          key={`${exercise.lessonId}/${exercise.exerciseId}`}
                          data-testid="result-cell"
                          data-exercise-id={exercise.exerciseId}
                          data-status={result?.status ?? 'none'}
                          className={`result-${result?.status ?? 'none'}`}
                          aria-label={tc(RESULT_LABELS[result?.status ?? 'none'], { attempts: result?.attempts ?? 0 })}
                        >
                          {statusText(result?.status)}
                        </td>
                      )
                    })}
                    <td>{tc('class.dashboard.minutesAgo', { minutes: minutesAgo(member.lastActiveAt, now) })}</td>
                    <td>{tc(SANDBOX_LABELS[member.sandbox] ?? 'class.dashboard.sandbox.none')}</td>
                    {!ended && (
                      <td className="classroom-row">
                        <button type="button" data-testid="mirror-button" onClick={() => setMirroring({ id: member.id, nickname: member.nickname })} aria-label={tc('class.dashboard.mirrorAria', { nickname: member.nickname })}>
                          {tc('class.dashboard.mirror')}
                        </button>
                        <button
                          type="button"
                          data-testid="reset-button"
                          onClick={() =>
                            confirm(tc('class.dashboard.resetConfirm', { nickname: member.nickname })) &&
                            void act(() => instructorRequest(who, 'POST', `/api/classes/${id}/members/${member.id}/reset`), tc('class.dashboard.resetDone', { nickname: member.nickname }))
                          }
                          aria-label={tc('class.dashboard.resetAria', { nickname: member.nickname })}
                        >
                          {tc('class.dashboard.reset')}
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {data.messages.length > 0 && (
        <section aria-label={tc('class.dashboard.sent')}>
          <h2>{tc('class.dashboard.sent')}</h2>
          <ul>
            {data.messages.map((message) => (
              <li key={message.id}>
                <span className="classroom-muted">{new Date(message.at).toLocaleTimeString('ko-KR')}</span> {message.text}
              </li>
            ))}
          </ul>
        </section>
      )}

      {mirroring && (
        <Suspense fallback={<p>{tc('class.loading')}</p>}>
          <MirrorTerminal
            nickname={mirroring.nickname}
            ticket={() =>
              instructorRequest(who, 'POST', `/api/classes/${id}/members/${mirroring.id}/tickets`).then((body) => (body as { ticket: string }).ticket)
            }
            memberId={mirroring.id}
            onClose={() => setMirroring(null)}
          />
        </Suspense>
      )}
    </div>
  )
}

