/**
 * The lesson's terminal island (`client:only="preact"`, written with React's API): xterm.js
 * connected to the learner's workstation through the page's session (see
 * `lib/session/session-store.ts`) and `lib/terminal/terminal-link.ts`. Commands sent with
 * `runInTerminal()` are pasted and run.
 * Keyboard users leave it with Escape, Tab (`lib/terminal/focus-escape.ts`); its screen-reader mode
 * is a remembered toggle.
 *
 * Test hooks:
 * - `data-testid="terminal"`: the xterm container.
 * - `data-testid="terminal-status"`: the status line; `data-state` is `creating`, `waiting`,
 *   `connecting`, `connected`, `reconnecting` or `error` (see `lib/terminal/terminal-status.ts`).
 * - `data-testid="terminal-retry"`: the retry button, shown in the `waiting` and `error` states.
 * - `data-testid="terminal-screen-reader"`: the screen-reader mode toggle (`aria-pressed`).
 */
import { FitAddon } from '@xterm/addon-fit'
import { Unicode11Addon } from '@xterm/addon-unicode11'
import { Terminal as XTerm } from '@xterm/xterm'
import '@xterm/xterm/css/xterm.css'
import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { t } from '../i18n/t.ts'
import { browserStorage } from '../lib/browser-storage.ts'
import { getSessionStore } from '../lib/session/session-store.ts'
import { FocusEscape } from '../lib/terminal/focus-escape.ts'
import { onRunInTerminal } from '../lib/terminal/terminal-bus.ts'
import { TerminalLink, type LinkStatus } from '../lib/terminal/terminal-link.ts'
import { statusLine } from '../lib/terminal/terminal-status.ts'
import './Terminal.css'

// xterm.js's own words for screen readers, in Korean.
XTerm.strings.promptLabel = t('terminal.input')
XTerm.strings.tooMuchOutput = t('terminal.tooMuchOutput')

const NOTICE_COLOR = '\x1b[33m'
const RESET_COLOR = '\x1b[0m'
const SCREEN_READER_KEY = 'docker-classroom:terminal-screen-reader'
const HINT_ID = 'terminal-leave-hint'

/** `Date.now()`, re-rendering every second while `ticking`. */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!ticking) return
    setNow(Date.now())
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [ticking])
  return now
}

export default function Terminal() {
  const containerRef = useRef<HTMLDivElement>(null)
  const [xterm, setXterm] = useState<XTerm | null>(null)
  const [linkStatus, setLinkStatus] = useState<LinkStatus | null>(null)
  const linkRef = useRef<TerminalLink | null>(null)
  const earlyInputRef = useRef<string[]>([])
  const store = getSessionStore()
  const session = useSyncExternalStore(store.state.subscribe, store.state.get)
  const now = useNow(session.status === 'opening' || session.status === 'waiting')
  const [screenReader, setScreenReader] = useState(() => browserStorage().getItem(SCREEN_READER_KEY) === 'on')

  useEffect(() => {
    const container = containerRef.current
    if (!container) return
    const terminal = new XTerm({
      allowProposedApi: true,
      cursorBlink: true,
      fontFamily: '"D2Coding", ui-monospace, Menlo, Consolas, "Noto Sans Mono CJK KR", "DejaVu Sans Mono", monospace',
      fontSize: 14,
      scrollback: 5000,
      theme: { background: '#14161c' },
    })
    const fit = new FitAddon()
    terminal.loadAddon(fit)
    terminal.loadAddon(new Unicode11Addon())
    terminal.unicode.activeVersion = '11'
    terminal.open(container)
    terminal.textarea?.setAttribute('aria-describedby', HINT_ID)
    const escape = new FocusEscape({ sendEscape: () => terminal.input('\x1b') })
    terminal.attachCustomKeyEventHandler(escape.handle)
    const refit = () => {
      // A hidden or collapsed container has no size to fit to.
      if (container.clientWidth > 0 && container.clientHeight > 0) fit.fit()
    }
    refit()
    const observer = new ResizeObserver(refit)
    observer.observe(container)
    const stopRunListener = onRunInTerminal((command) => {
      terminal.paste(command)
      terminal.input('\r')
      const { top, bottom } = container.getBoundingClientRect()
      if (bottom < 0 || top > window.innerHeight) container.scrollIntoView({ behavior: 'smooth', block: 'nearest' })
    })
    // Keystrokes and ▶ 실행 commands from before the first link exists wait here instead of being lost.
    const input = terminal.onData((data) => {
      if (linkRef.current) linkRef.current.send(data)
      else earlyInputRef.current.push(data)
    })
    const resize = terminal.onResize(() => linkRef.current?.resize())
    setXterm(terminal)
    void store.ensure().catch(() => {})
    return () => {
      input.dispose()
      resize.dispose()
      stopRunListener()
      observer.disconnect()
      escape.dispose()
      terminal.dispose()
    }
  }, [store])

  const readySession = session.status === 'ready' ? session : null
  useEffect(() => {
    if (!xterm || !readySession) return
    if (readySession.renewed) xterm.writeln(`\r\n${NOTICE_COLOR}${t('terminal.renewed')}${RESET_COLOR}`)
    const link = new TerminalLink({
      url: () => store.terminalUrl(readySession.session, new URL(window.location.href)),
      write: (data, done) => xterm.write(data, done),
      size: () => ({ cols: xterm.cols, rows: xterm.rows }),
      onStatus: (status) => {
        setLinkStatus(status)
        if (status === 'gone') void store.renew().catch(() => {})
      },
      onSkip: (bytes) => xterm.write(`\r\n${NOTICE_COLOR}[${t('terminal.skipped', { kilobytes: Math.round(bytes / 1024) })}]${RESET_COLOR}\r\n`),
    })
    linkRef.current = link
    for (const data of earlyInputRef.current.splice(0)) link.send(data)
    void link.connect()
    return () => {
      link.close()
      linkRef.current = null
      setLinkStatus(null)
    }
  }, [xterm, readySession, store])

  useEffect(() => {
    if (xterm) xterm.options.screenReaderMode = screenReader
  }, [xterm, screenReader])

  function toggleScreenReader() {
    browserStorage().setItem(SCREEN_READER_KEY, screenReader ? 'off' : 'on')
    setScreenReader(!screenReader)
  }

  const status = statusLine(session, linkStatus, now, {
    session: () => void store.ensure().catch(() => {}),
    link: () => linkRef.current?.retry(),
  })

  return (
    <div className="terminal-panel">
      <div className="terminal-status" data-testid="terminal-status" data-state={status.state} role="status">
        <span className="terminal-status-dot" aria-hidden="true" />
        <span className="terminal-status-text">
          {status.text}
          {status.detail && <span aria-hidden="true"> {status.detail}</span>}
        </span>
        {status.retry && (
          <button type="button" className="terminal-retry" data-testid="terminal-retry" onClick={status.retry.run}>
            {status.retry.label}
          </button>
        )}
      </div>
      <div className="terminal-screen">
        <div className="terminal-xterm" ref={containerRef} data-testid="terminal" aria-label={t('terminal.label')} />
      </div>
      <div className="terminal-toolbar">
        <p className="terminal-hint" id={HINT_ID}>
          {t('terminal.leaveHint')}
        </p>
        <button
          type="button"
          className="terminal-toggle"
          data-testid="terminal-screen-reader"
          aria-pressed={screenReader}
          onClick={toggleScreenReader}
        >
          {t('terminal.screenReader')}
        </button>
      </div>
    </div>
  )
}
