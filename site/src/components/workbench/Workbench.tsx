/**
 * The lesson's workbench island (`client:only="preact"`, written with React's API): four tabs over
 * the learner's one sandbox — 터미널, 에디터, 미리보기, 내 환경 — following the WAI-ARIA tabs pattern
 * (arrow keys, Home, End; automatic activation). The terminal is there from the start; the other
 * panels are loaded the first time their tab opens (the editor brings Monaco), then kept mounted so
 * switching back loses nothing. Every tab uses the page's session store, so all of them reach the
 * same workstation, on every lesson page (the session is kept in sessionStorage).
 * A command run from the page (▶ 실행, 빌드) brings the terminal to the front. On narrow screens the
 * workbench can be folded down to its tab bar; the choice is remembered.
 *
 * Test hooks:
 * - `data-testid="workbench"`: the island, with `data-active` (the open tab) and `data-collapsed`.
 * - `data-testid="workbench-tab"` with `data-tab` (`terminal`, `editor`, `preview`, `environment`).
 * - `data-testid="workbench-panel-<tab>"`: a tab's panel.
 * - `data-testid="workbench-collapse"`: the fold/unfold button (narrow screens only).
 */
import { Component, lazy, Suspense, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { t, type MessageKey } from '../../i18n/t.ts'
import { browserStorage } from '../../lib/browser-storage.ts'
import { onRunInTerminal } from '../../lib/terminal/terminal-bus.ts'
import { tabAfterKey, WORKBENCH_TABS, type WorkbenchTab } from '../../lib/workbench/tabs.ts'
import Terminal from '../Terminal.tsx'
import './Workbench.css'

interface Props {
  lessonId: string
  /** What the editor's 빌드 button runs in the terminal, when the lesson says (frontmatter `buildCommand`). */
  buildCommand?: string | undefined
}

const COLLAPSED_KEY = 'docker-classroom:workbench-collapsed'

/** The editor panel's code, and then Monaco's (the heaviest), without waiting for the panel to render. */
const loadEditor = () =>
  import('./EditorPanel.tsx').then((module) => {
    void module.loadMonaco()
    return module
  })
const EditorPanel = lazy(loadEditor)
const PreviewPanel = lazy(() => import('./PreviewPanel.tsx'))
const EnvironmentPanel = lazy(() => import('../environment/EnvironmentView.tsx'))

const TAB_LABELS: Record<WorkbenchTab, MessageKey> = {
  terminal: 'workbench.tab.terminal',
  editor: 'workbench.tab.editor',
  preview: 'workbench.tab.preview',
  environment: 'workbench.tab.environment',
}

/** Shows a notice instead of a panel whose code could not be loaded (offline, a new deployment). */
class PanelBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false }

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true }
  }

  override render() {
    return this.state.failed ? <p className="workbench-notice">{t('workbench.panelFailed')}</p> : this.props.children
  }
}

export default function Workbench({ lessonId, buildCommand }: Props) {
  const [active, setActive] = useState<WorkbenchTab>('terminal')
  // Panels are mounted on first opening and then kept, hidden, with their state.
  const [opened, setOpened] = useState<ReadonlySet<WorkbenchTab>>(() => new Set(['terminal']))
  const [collapsed, setCollapsed] = useState(() => browserStorage().getItem(COLLAPSED_KEY) === 'true')
  const tabRefs = useRef(new Map<WorkbenchTab, HTMLButtonElement>())

  function open(tab: WorkbenchTab) {
    setActive(tab)
    setOpened((previous) => (previous.has(tab) ? previous : new Set([...previous, tab])))
    setCollapsed(false)
  }

  useEffect(() => browserStorage().setItem(COLLAPSED_KEY, String(collapsed)), [collapsed])

  // Whatever is run in the terminal should be seen running.
  useEffect(() => onRunInTerminal(() => open('terminal')), [])

  function onTabKey(event: KeyboardEvent) {
    const next = tabAfterKey(active, event.key)
    if (!next) return
    event.preventDefault()
    open(next)
    tabRefs.current.get(next)?.focus()
  }

  const panels: Record<WorkbenchTab, () => ReactNode> = {
    terminal: () => <Terminal />,
    editor: () => <EditorPanel lessonId={lessonId} buildCommand={buildCommand} active={active === 'editor'} />,
    preview: () => <PreviewPanel />,
    environment: () => <EnvironmentPanel />,
  }

  return (
    <div className="workbench-frame" data-testid="workbench" data-active={active} data-collapsed={collapsed}>
      <div className="workbench-bar">
        <div className="workbench-tabs" role="tablist" aria-label={t('workbench.tabs')} onKeyDown={onTabKey}>
          {WORKBENCH_TABS.map((tab) => (
            <button
              key={tab}
              ref={(element) => void (element ? tabRefs.current.set(tab, element) : tabRefs.current.delete(tab))}
              type="button"
              role="tab"
              className="workbench-tab"
              id={`workbench-tab-${tab}`}
              data-testid="workbench-tab"
              data-tab={tab}
              aria-selected={active === tab}
              aria-controls={`workbench-panel-${tab}`}
              tabIndex={active === tab ? 0 : -1}
              onClick={() => open(tab)}
              // The editor is the heaviest panel: start fetching it as soon as the learner heads for it.
              onPointerEnter={tab === 'editor' ? () => void loadEditor() : undefined}
              onFocus={tab === 'editor' ? () => void loadEditor() : undefined}
            >
              {t(TAB_LABELS[tab])}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="workbench-collapse"
          data-testid="workbench-collapse"
          aria-expanded={!collapsed}
          aria-controls="workbench-panels"
          onClick={() => setCollapsed(!collapsed)}
        >
          <span aria-hidden="true">{collapsed ? '▴ ' : '▾ '}</span>
          {collapsed ? t('workbench.expand') : t('workbench.collapse')}
        </button>
      </div>
      <div className="workbench-panels" id="workbench-panels">
        {WORKBENCH_TABS.map((tab) => (
          <div
            key={tab}
            role="tabpanel"
            className="workbench-panel"
            id={`workbench-panel-${tab}`}
            data-testid={`workbench-panel-${tab}`}
            aria-labelledby={`workbench-tab-${tab}`}
            hidden={active !== tab}
          >
            {opened.has(tab) && (
              <PanelBoundary>
                <Suspense fallback={<p className="workbench-notice">{t('workbench.panelLoading')}</p>}>{panels[tab]()}</Suspense>
              </PanelBoundary>
            )}
          </div>
        ))}
      </div>
    </div>
  )
}
