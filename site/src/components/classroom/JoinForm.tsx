/**
 * The join island (`/join/`): a learner types the class's code (or arrives with it in the URL from
 * the QR code) and a nickname, gets a sandbox and lands on the class's first lesson. A learner who
 * is already in a class is offered to carry on or to leave it.
 *
 * Test hooks: `data-testid="join-form"`, `join-code`, `join-nickname`, `join-submit`, `join-error`, `join-current`.
 */
import { useEffect, useState, type FormEvent } from 'react'
import { tc } from '../../i18n/classroom.ts'
import { joinClass, MEMBER_STORAGE_KEY, storedMember, type MemberCredentials } from '../../lib/classroom/classroom-api.ts'
import { ApiError } from '../../lib/session/session-client.ts'
import FormError from './FormError.tsx'
import './classroom.css'

interface Props {
  /** Lesson id → its page, for the class's first lesson. */
  lessonHrefs: Record<string, string>
  homeHref: string
}

export default function JoinForm({ lessonHrefs, homeHref }: Props) {
  const [code, setCode] = useState('')
  const [nickname, setNickname] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [current, setCurrent] = useState<MemberCredentials | null>(null)

  useEffect(() => {
    setCode((new URLSearchParams(location.search).get('code') ?? '').toUpperCase().slice(0, 6))
    setCurrent(storedMember(localStorage))
  }, [])

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const { firstLessonId } = await joinClass(code.trim(), nickname.trim(), { local: localStorage, session: sessionStorage })
      location.assign((firstLessonId && lessonHrefs[firstLessonId]) || homeHref)
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : tc('class.join.failed'))
      setBusy(false)
    }
  }

  function leave() {
    localStorage.removeItem(MEMBER_STORAGE_KEY)
    setCurrent(null)
  }

  return (
    <div className="classroom">
      {current && (
        <p className="classroom-notice" data-testid="join-current">
          {tc('class.join.current', { className: current.className, nickname: current.nickname })}{' '}
          <a href={homeHref}>{tc('class.join.continue')}</a>{' '}
          <button type="button" className="classroom-link-button" onClick={leave}>
            {tc('class.join.leave')}
          </button>
        </p>
      )}
      <form className="classroom-form" data-testid="join-form" onSubmit={submit}>
        <label>
          {tc('class.join.code')}
          <input
            data-testid="join-code"
            value={code}
            onInput={(event) => setCode((event.target as HTMLInputElement).value.toUpperCase())}
            required
            minLength={6}
            maxLength={6}
            pattern="[A-Za-z0-9]{6}"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            className="classroom-code-input"
          />
        </label>
        <label>
          {tc('class.join.nickname')}
          <input
            data-testid="join-nickname"
            value={nickname}
            onInput={(event) => setNickname((event.target as HTMLInputElement).value)}
            required
            maxLength={20}
            autoComplete="nickname"
          />
        </label>
        <button type="submit" className="classroom-primary" data-testid="join-submit" disabled={busy}>
          {busy ? tc('class.join.joining') : tc('class.join.submit')}
        </button>
        <FormError message={error} testId="join-error" />
      </form>
    </div>
  )
}
