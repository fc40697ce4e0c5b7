/**
 * The workbench's "내 환경" tab: the learner's own engine, live. The container lifecycle picture and
 * the image layer picture are drawn from `lib/environment/environment.ts`, which follows the page's
 * session (`getSessionStore()`) through the engine events stream; nothing here polls.
 *
 * Until the learner picks an image, the layer picture shows the newest one, so a fresh
 * `docker build` appears by itself.
 *
 * Test hooks: `data-testid="environment"` with `data-status`, plus those of the two pictures.
 */
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import { t } from '../../i18n/t.ts'
import { createEnvironment } from '../../lib/environment/environment.ts'
import { getSessionStore } from '../../lib/session/session-store.ts'
import { LayerStack } from './LayerStack.tsx'
import { LifecycleDiagram } from './LifecycleDiagram.tsx'
import './EnvironmentView.css'

export function EnvironmentView() {
  const environment = useMemo(() => createEnvironment({ sessions: getSessionStore() }), [])
  const state = useSyncExternalStore(environment.state.subscribe, environment.state.get)
  const [pickedImage, setPickedImage] = useState<string | null>(null)
  useEffect(() => environment.start(), [environment])

  return (
    <div className="env" data-testid="environment" data-status={state.status} aria-label={t('environment.label')} role="region">
      {state.status === 'connecting' && (
        <p className="env-status" role="status">
          {t('environment.connecting')}
        </p>
      )}
      <LifecycleDiagram containers={state.containers} lastMove={state.lastMove} />
      <LayerStack images={state.images} selectedId={pickedImage} onSelect={setPickedImage} />
    </div>
  )
}

export default EnvironmentView
