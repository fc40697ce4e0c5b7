/**
 * The instructor's start page island (`/teach/`): the first-run setup or sign-in, then the
 * instructor's classes and a form to create one, which opens its dashboard.
 *
 * Test hooks: `data-testid="teach-setup"`, `teach-sign-in`, `teach-name`, `teach-password`,
 * `teach-submit`, `teach-error`, `class-form`, `class-name`, `class-capacity`, `class-duration`,
 * `class-lesson` (with `data-lesson-id`), `class-create`, `class-list`, `class-row`.
 */
import { useEffect, useState, type FormEvent } from 'react'
import { tc } from '../../i18n/classroom.ts'
import {
  INSTRUCTOR_STORAGE_KEY,
  instructorRequest,
  storedInstructor,
  type InstructorCredentials,
} from '../../lib/classroom/classroom-api.ts'
import { apiRequest, ApiError } from '../../lib/session/session-client.ts'
import FormError from './FormError.tsx'
import './classroom.css'

export interface LessonChoice {
  id: string
  label: string
}

interface Props {
  lessons: LessonChoice[]
  /** The dashboard page; `?id=<class>` is added. */
  dashboardHref: string
}

interface ClassSummary {
  id: string
  name: string
  joinCode: string
  capacity: number
  createdAt: string
  endedAt: string | null
}

const errorText = (error: unknown) => (error instanceof ApiError ? error.message : tc('class.error.unknown'))

function SignIn({ onSignedIn }: { onSignedIn: (instructor: InstructorCredentials) => void }) {
  const [needsSetup, setNeedsSetup] = useState<boolean | null>(null)
  const [name, setName] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    apiRequest('GET', '/api/instructor').then(
      (body) => setNeedsSetup((body as { needsSetup: boolean }).needsSetup),
      (caught: unknown) => setError(errorText(caught)),
    )
  }, [])

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const body = (await apiRequest('POST', needsSetup ? '/api/instructor/setup' : '/api/instructor/sign-in', {
        body: { name: name.trim(), password },
      })) as InstructorCredentials
      const instructor = { name: body.name, token: body.token, expiresAt: body.expiresAt }
      localStorage.setItem(INSTRUCTOR_STORAGE_KEY, JSON.stringify(instructor))
      onSignedIn(instructor)
    } catch (caught) {
      setError(errorText(caught))
      setBusy(false)
    }
  }

  if (needsSetup === null && !error) return <p>{tc('class.loading')}</p>
  return (
    <form className="classroom-form" data-testid={needsSetup ? 'teach-setup' : 'teach-sign-in'} onSubmit={submit}>
      <h2>{needsSetup ? tc('class.setup.title') : tc('class.signIn.title')}</h2>
      {needsSetup && <p>{tc('class.setup.intro')}</p>}
      <label>
        {tc('class.signIn.name')}
        <input data-testid="teach-name" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} required maxLength={64} autoComplete="username" />
      </label>
      <label>
        {tc('class.signIn.password')}
        <input
          data-testid="teach-password"
          type="password"
          value={password}
          onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
          required
          minLength={8}
          autoComplete={needsSetup ? 'new-password' : 'current-password'}
        />
      </label>
      <button type="submit" className="classroom-primary" data-testid="teach-submit" disabled={busy}>
        {needsSetup ? tc('class.setup.submit') : tc('class.signIn.submit')}
      </button>
      <FormError message={error} testId="teach-error" />
    </form>
  )
}

function NewClassForm({ instructor, lessons, onCreated }: { instructor: InstructorCredentials; lessons: LessonChoice[]; onCreated: (id: string) => void }) {
  const [name, setName] = useState('')
  const [capacity, setCapacity] = useState(30)
  const [duration, setDuration] = useState(120)
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(lessons.map((lesson) => lesson.id)))
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  function toggle(id: string) {
    setChosen((previous) => {
      const next = new Set(previous)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      return next
    })
  }

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (chosen.size === 0) {
      setError(tc('class.create.noLessons'))
      return
    }
    setBusy(true)
    setError(null)
    try {
      const body = (await instructorRequest(instructor, 'POST', '/api/classes', {
        body: { name: name.trim(), lessonIds: [...chosen], capacity, durationMinutes: duration },
      })) as { id: string }
      onCreated(body.id)
    } catch (caught) {
      setError(errorText(caught))
      setBusy(false)
    }
  }

  return (
    <form className="classroom-form" data-testid="class-form" onSubmit={submit}>
      <h2>{tc('class.create.title')}</h2>
      <label>
        {tc('class.create.name')}
        <input data-testid="class-name" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} required maxLength={100} placeholder={tc('class.create.namePlaceholder')} />
      </label>
      <div className="classroom-row">
        <label>
          {tc('class.create.capacity')}
          <input data-testid="class-capacity" type="number" min={1} max={200} value={capacity} onInput={(e) => setCapacity(Number((e.target as HTMLInputElement).value))} required />
        </label>
        <label>
          {tc('class.create.duration')}
          <input data-testid="class-duration" type="number" min={10} max={720} step={10} value={duration} onInput={(e) => setDuration(Number((e.target as HTMLInputElement).value))} required />
        </label>
      </div>
      <fieldset className="classroom-lessons">
        <legend>{tc('class.create.lessons')}</legend>
        {lessons.map((lesson) => (
          <label key={lesson.id} className="classroom-check">
            <input type="checkbox" data-testid="class-lesson" data-lesson-id={lesson.id} checked={chosen.has(lesson.id)} onChange={() => toggle(lesson.id)} />
            {lesson.label}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="classroom-primary" data-testid="class-create" disabled={busy}>
        {tc('class.create.submit')}
      </button>
      <FormError message={error} />
    </form>
  )
}

export default function TeachApp({ lessons, dashboardHref }: Props) {
  const [instructor, setInstructor] = useState<InstructorCredentials | null | undefined>(undefined)
  const [classes, setClasses] = useState<ClassSummary[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => setInstructor(storedInstructor(localStorage)), [])
  useEffect(() => {
    if (!instructor) return
    instructorRequest(instructor, 'GET', '/api/classes').then(
      (body) => setClasses((body as { classes: ClassSummary[] }).classes),
      (caught: unknown) => {
        if (caught instanceof ApiError && caught.status === 401) signOut()
        else setError(errorText(caught))
      },
    )
  }, [instructor])

  function signOut() {
    localStorage.removeItem(INSTRUCTOR_STORAGE_KEY)
    setInstructor(null)
    setClasses(null)
  }

  const openDashboard = (id: string) => location.assign(`${dashboardHref}?id=${encodeURIComponent(id)}`)

  if (instructor === undefined) return <p>{tc('class.loading')}</p>
  if (!instructor) return <SignIn onSignedIn={setInstructor} />
  return (
    <div className="classroom">
      <p className="classroom-who">
        {tc('class.signedInAs', { name: instructor.name })}{' '}
        <button type="button" className="classroom-link-button" onClick={signOut}>
          {tc('class.signOut')}
        </button>
      </p>
      <NewClassForm instructor={instructor} lessons={lessons} onCreated={openDashboard} />
      <h2>{tc('class.list.title')}</h2>
      <FormError message={error} />
      {classes && classes.length === 0 && <p>{tc('class.list.empty')}</p>}
      {classes && classes.length > 0 && (
        <ul className="classroom-list" data-testid="class-list">
          {classes.map((record) => (
            <li key={record.id} data-testid="class-row">
              <a href={`${dashboardHref}?id=${encodeURIComponent(record.id)}`}>{record.name}</a>{' '}
              <span className="classroom-muted">
                {record.endedAt ? tc('class.list.ended') : tc('class.list.running', { code: record.joinCode })} ·{' '}
                {new Date(record.createdAt).toLocaleString('ko-KR')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
