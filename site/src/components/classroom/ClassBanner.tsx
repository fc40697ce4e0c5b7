/**
 * The class bar on lesson pages, shown only to a learner who joined a class: the class and their
 * nickname, the instructor's broadcasts as they arrive, and what the instructor did to their class.
 * It tells the dashboard which lesson is open, and after a reset by the instructor it takes the new
 * sandbox the server holds for the learner and reloads onto it: when the reset event comes, or when
 * the page opens and the server says one is waiting (the page was closed, or the server restarted).
 *
 * Test hooks: `data-testid="class-banner"`, `class-broadcast`, `class-ended`.
 */
import { useEffect, useState } from 'react'
import { tc } from '../../i18n/classroom.ts'
import { followStream, memberRequest, storedMember, type MemberCredentials } from '../../lib/classroom/classroom-api.ts'
import { SESSION_STORAGE_KEY, SessionClient, type Session } from '../../lib/session/session-client.ts'
import './classroom.css'

interface Props {
  lessonId?: string
}

interface MemberView {
  newSessionWaiting: boolean
  class: { name: string; endedAt: string | null }
  messages: { id: number; text: string; at: string }[]
}

/**
 * Reloads the page onto `session`, claimed after a reset. The terminal may be making a session of its
 * own meanwhile (its old one is gone) and storing it before the page goes: the claimed session is
 * written as the page goes, last, and one made meanwhile is deleted rather than left running.
 */
function moveToSession(session: Session): void {
  addEventListener('pagehide', () => {
    const meanwhile = new SessionClient({ storage: sessionStorage }).stored()
    if (meanwhile && meanwhile.id !== session.id) {
      void fetch(`/api/sessions/${encodeURIComponent(meanwhile.id)}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${meanwhile.token}` },
        keepalive: true,
      }).catch(() => {})
    }
    sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session))
  })
  sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session))
  location.reload()
}

export default function ClassBanner({ lessonId }: Props) {
  const [member, setMember] = useState<MemberCredentials | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const [ended, setEnded] = useState(false)

  useEffect(() => {
    const current = storedMember(localStorage)
    if (!current) return
    setMember(current)
    const takeNewSession = () => void memberRequest(current, 'POST', 'session').then((session) => moveToSession(session as Session), () => {})
    void memberRequest(current, 'GET', '').then(
      (body) => {
        const view = body as MemberView
        setEnded(view.class.endedAt !== null)
        setMessage(view.messages.at(-1)?.text ?? null)
        if (view.newSessionWaiting) takeNewSession()
      },
      () => {},
    )
    if (lessonId) void memberRequest(current, 'POST', 'visit', { body: { lessonId } }).catch(() => {})
    return followStream(`/api/classroom/members/${encodeURIComponent(current.id)}/events`, current.token, (event) => {
      if (event.event === 'broadcast') setMessage((event.data as { text: string }).text)
      else if (event.event === 'ended') setEnded(true)
      else if (event.event === 'reset') takeNewSession()
    })
  }, [lessonId])

  if (!member) return null
  return (
    <aside className="class-banner" data-testid="class-banner" aria-label={tc('class.banner.label')}>
      <span>{tc('class.banner.who', { className: member.className, nickname: member.nickname })}</span>
      {message && (
        <p role="status" aria-live="assertive" className="class-banner-message" data-testid="class-broadcast">
          📢 {message}
        </p>
      )}
      {ended && (
        <p role="status" data-testid="class-ended">
          {tc('class.banner.ended')}
        </p>
      )}
    </aside>
  )
}
