/**
 * The workbench's 미리보기 tab (loaded when the tab first opens): the ports the learner's containers
 * publish (`docker run -p 8080:80 nginx`), and the chosen one's page in a frame through
 * `/preview/<session>/<port>/`. The list is fetched again when the engine's event stream says a
 * container started or stopped, not on a timer. The frame needs the preview cookie, which
 * `POST …/preview-access` sets once per session before the first frame is shown.
 *
 * Test hooks:
 * - `data-testid="preview"` with `data-state`: `loading`, `empty`, `ready` or `error`.
 * - `data-testid="preview-port"` with `data-port` and `aria-pressed`: one button per port.
 * - `data-testid="preview-frame"`: the frame; `data-testid="preview-reload"`, `"preview-open"`.
 */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { t } from '../../i18n/t.ts'
import { followEngineEvents } from '../../lib/session/engine-events.ts'
import { getSessionStore } from '../../lib/session/session-store.ts'
import { mayChangePorts, previewPorts, type PreviewPort } from '../../lib/workbench/ports.ts'
import './PreviewPanel.css'

/** Events of one `docker run` come in a burst; one fetch after the burst is enough. */
const REFRESH_DELAY_MS = 150

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

export default function PreviewPanel() {
  const store = getSessionStore()
  const session = useSyncExternalStore(store.state.subscribe, store.state.get)
  const sessionId = session.status === 'ready' ? session.session.id : null
  const [ports, setPorts] = useState<PreviewPort[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [chosen, setChosen] = useState<number | null>(null)
  /** The session whose preview cookie the browser holds. */
  const [access, setAccess] = useState<string | null>(null)
  const frameRef = useRef<HTMLIFrameElement>(null)

  useEffect(() => {
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    async function refresh() {
      try {
        const body = await store.request('GET', 'ports')
        if (stopped) return
        setPorts(previewPorts(body))
        setError(null)
      } catch (failure) {
        if (!stopped) setError(errorText(failure))
      }
    }
    void refresh()
    const stopFollowing = followEngineEvents(store, (event) => {
      if (!mayChangePorts(event)) return
      clearTimeout(timer)
      timer = setTimeout(() => void refresh(), REFRESH_DELAY_MS)
    })
    return () => {
      stopped = true
      clearTimeout(timer)
      stopFollowing()
    }
  }, [store])

  const port = ports?.find((candidate) => candidate.publicPort === chosen) ?? ports?.[0]

  useEffect(() => {
    if (!sessionId || !port || access === sessionId) return
    let stopped = false
    store.request('POST', 'preview-access').then(
      () => void (stopped || setAccess(sessionId)),
      (failure: unknown) => void (stopped || setError(errorText(failure))),
    )
    return () => {
      stopped = true
    }
  }, [sessionId, port, access, store])

  async function reload() {
    const frame = frameRef.current
    if (!frame || !port) return
    // The cookie is asked for again first: a restarted server no longer accepts the old one.
    await store.request('POST', 'preview-access').catch(() => {})
    try {
      frame.contentWindow?.location.reload()
    } catch {
      // The page navigated somewhere the site may not script: start again from the port's root.
      frame.src = port.previewPath
    }
  }

  const state = error ? 'error' : ports === null ? 'loading' : ports.length === 0 ? 'empty' : 'ready'
  return (
    <div className="preview-panel" data-testid="preview" data-state={state}>
      <div className="workbench-toolbar">
        <div className="preview-ports" role="group" aria-label={t('preview.ports')}>
          {ports?.map((candidate) => (
            <button
              key={candidate.publicPort}
              type="button"
              className="workbench-button"
              data-testid="preview-port"
              data-port={candidate.publicPort}
              aria-pressed={candidate === port}
              title={t('preview.portDetail', { name: candidate.containerName, port: candidate.privatePort })}
              onClick={() => setChosen(candidate.publicPort)}
            >
              {t('preview.port', { port: candidate.publicPort })}
            </button>
          ))}
        </div>
        {port && (
          <div className="preview-actions">
            <button type="button" className="workbench-button" data-testid="preview-reload" onClick={() => void reload()}>
              {t('preview.reload')}
            </button>
            <a className="workbench-button" data-testid="preview-open" href={port.previewPath} target="_blank" rel="noopener">
              {t('preview.openTab')}
            </a>
          </div>
        )}
      </div>
      {error && (
        <p className="preview-note" data-error="true" role="status">
          {t('preview.failed', { message: error })}
        </p>
      )}
      {!error && state === 'loading' && <p className="preview-note">{t('preview.loading')}</p>}
      {!error && state === 'empty' && (
        <div className="preview-note">
          <p>{t('preview.none')}</p>
          <p>
            {t('preview.noneExample')} <code>docker run -d -p 8080:80 nginx</code>
          </p>
        </div>
      )}
      {port && access === sessionId && (
        <iframe
          key={port.previewPath}
          ref={frameRef}
          className="preview-frame"
          data-testid="preview-frame"
          src={port.previewPath}
          title={t('preview.frameTitle', { port: port.publicPort })}
        />
      )}
    </div>
  )
}
