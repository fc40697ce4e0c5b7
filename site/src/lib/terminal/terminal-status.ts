/**
 * @module The line above the terminal: what the learner reads for each state of the page's session
 * and of the terminal's connection, and which retry button it offers. `text` is what screen readers
 * announce (the line is a live region); `detail` is the ticking seconds, shown but not announced
 * every second.
 */
import { t } from '../../i18n/t.ts'
import type { SessionState } from '../session/session-store.ts'
import type { LinkStatus } from './terminal-link.ts'

export type StatusState = 'creating' | 'waiting' | 'connecting' | 'connected' | 'reconnecting' | 'error'

export interface StatusLine {
  state: StatusState
  text: string
  detail?: string
  retry?: { label: string; run: () => void }
}

export interface Retries {
  /** Opens a session again, at once. */
  session: () => void
  /** Connects the terminal again after it gave up. */
  link: () => void
}

/** The status line at time `now` (a `Date.now()` value). */
export function statusLine(session: SessionState, link: LinkStatus | null, now: number, retries: Retries): StatusLine {
  switch (session.status) {
    case 'idle':
      return { state: 'creating', text: t('terminal.creating') }
    case 'opening':
      return {
        state: 'creating',
        text: t('terminal.creating'),
        detail: t('terminal.elapsed', { seconds: Math.max(0, Math.floor((now - session.since) / 1000)) }),
      }
    case 'waiting':
      return {
        state: 'waiting',
        text: session.error.status === 429 ? t('terminal.slowDown') : t('terminal.full'),
        detail: t('terminal.countdown', { seconds: Math.max(0, Math.ceil((session.retryAt - now) / 1000)) }),
        retry: { label: t('terminal.retryNow'), run: retries.session },
      }
    case 'failed':
      return {
        state: 'error',
        text: t('terminal.failed', { message: session.error.message }),
        retry: { label: t('terminal.retry'), run: retries.session },
      }
    case 'ready':
      switch (link) {
        case 'open':
          return { state: 'connected', text: session.renewed ? t('terminal.renewed') : t('terminal.connected') }
        case 'reconnecting':
          return { state: 'reconnecting', text: t('terminal.reconnecting') }
        case 'failed':
          return { state: 'error', text: t('terminal.gaveUp'), retry: { label: t('terminal.retry'), run: retries.link } }
        default:
          return { state: 'connecting', text: t('terminal.connecting') }
      }
  }
}
