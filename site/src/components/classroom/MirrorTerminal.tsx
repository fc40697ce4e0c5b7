/**
 * The instructor's read-only view of a learner's terminal, in a modal dialog (loaded only when the
 * instructor opens it): xterm draws what the learner's shell shows, and nothing typed here is sent.
 */
import { useEffect, useRef, useState } from 'react'
import { tc } from '../../i18n/classroom.ts'
import '@xterm/xterm/css/xterm.css'

interface Props {
  nickname: string
  memberId: string
  /** A fresh single-use mirror ticket. */
  ticket: () => Promise<string>
  onClose: () => void
}

export default function MirrorTerminal({ nickname, memberId, ticket, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null)
  const screen = useRef<HTMLDivElement>(null)
  const [status, setStatus] = useState(tc('class.mirror.connecting'))

  useEffect(() => {
    dialog.current?.showModal()
    let socket: WebSocket | null = null
    let disposed = false
    let dispose = () => {}
    void (async () => {
      const [{ Terminal }, { FitAddon }] = await Promise.all([import('@xterm/xterm'), import('@xterm/addon-fit')])
      if (disposed || !screen.current) return
      const terminal = new Terminal({ disableStdin: true, cursorBlink: false, fontSize: 14, convertEol: false })
      const fit = new FitAddon()
      terminal.loadAddon(fit)
      terminal.open(screen.current)
      fit.fit()
      dispose = () => terminal.dispose()
      const url = new URL(`/api/classroom/mirror/${encodeURIComponent(memberId)}`, location.href)
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
      url.searchParams.set('ticket', await ticket())
      socket = new WebSocket(url)
      socket.binaryType = 'arraybuffer'
      socket.onopen = () => {
        setStatus(tc('class.mirror.watching', { nickname }))
        socket?.send(JSON.stringify({ type: 'resize', cols: terminal.cols, rows: terminal.rows }))
      }
      socket.onmessage = (event) => terminal.write(new Uint8Array(event.data as ArrayBuffer))
      socket.onclose = () => !disposed && setStatus(tc('class.mirror.closed'))
    })().catch(() => setStatus(tc('class.mirror.closed')))
    return () => {
      disposed = true
      socket?.close()
      dispose()
    }
  }, [memberId])

  return (
    <dialog ref={dialog} className="mirror-dialog" data-testid="mirror-dialog" aria-label={tc('class.mirror.title', { nickname })} onClose={onClose}>
      <header className="classroom-row">
        <h2>{tc('class.mirror.title', { nickname })}</h2>
        <button type="button" onClick={() => dialog.current?.close()}>
          {tc('class.mirror.close')}
        </button>
      </header>
      <p role="status" className="classroom-muted" data-testid="mirror-status">
        {status}
      </p>
      <div ref={screen} className="mirror-screen" data-testid="mirror-screen" />
    </dialog>
  )
}
