/**
 * The container lifecycle picture: five stages side by side (stacked on a narrow screen), each
 * listing the learner's containers in it, with the commands that move a container between them.
 * It is an ordered list of lists, so it reads the same as text; the last move is announced.
 *
 * Test hooks: `data-testid="env-stage"` with `data-stage`; `data-testid="env-container"` with
 * `data-name` and `data-stage`; `data-testid="env-last-move"`.
 */
import { t } from '../../i18n/t.ts'
import { STAGES, type ContainerCard, type Stage } from '../../lib/environment/lifecycle.ts'
import type { LastMove } from '../../lib/environment/environment.ts'

const stageLabel = (stage: Stage) => t(`environment.stage.${stage}`)

/** The arrow drawn after each stage but the last: running and paused go both ways. */
const ARROWS: Partial<Record<Stage, string>> = { created: '→', running: '⇄', paused: '→', exited: '→' }

/** What moves a container, in the order a learner meets the commands. */
const COMMANDS: { command: string; from: Stage | null; to: Stage }[] = [
  { command: 'docker create', from: null, to: 'created' },
  { command: 'docker run', from: null, to: 'running' },
  { command: 'docker start', from: 'created', to: 'running' },
  { command: 'docker pause', from: 'running', to: 'paused' },
  { command: 'docker unpause', from: 'paused', to: 'running' },
  { command: 'docker stop', from: 'running', to: 'exited' },
  { command: 'docker start', from: 'exited', to: 'running' },
  { command: 'docker rm', from: 'exited', to: 'removed' },
]

export function moveText(move: LastMove): string {
  return move.from
    ? t('environment.lifecycle.moved', { name: move.name, from: stageLabel(move.from), to: stageLabel(move.to) })
    : t('environment.lifecycle.appeared', { name: move.name, to: stageLabel(move.to) })
}

export function LifecycleDiagram({ containers, lastMove }: { containers: ContainerCard[]; lastMove: LastMove | null }) {
  return (
    <section className="env-section" aria-labelledby="env-lifecycle-title">
      <h3 id="env-lifecycle-title" className="env-heading">
        {t('environment.lifecycle.title')}
      </h3>
      <p className="env-note">{containers.length === 0 ? t('environment.lifecycle.none') : t('environment.lifecycle.intro')}</p>
      <ol className="env-stages" aria-label={t('environment.lifecycle.stages')}>
        {STAGES.map((stage) => {
          const here = containers.filter((card) => card.stage === stage)
          return (
            <li key={stage} className="env-stage" data-stage={stage} data-testid="env-stage">
              <div className="env-stage-box">
                <h4 className="env-stage-name">{t('environment.lifecycle.stageCount', { stage: stageLabel(stage), count: here.length })}</h4>
                <ul className="env-chips">
                  {here.map((card) => (
                    <li
                      // A new key in a new stage remounts the chip, which replays its arrival animation.
                      key={`${card.id}:${stage}`}
                      className="env-chip"
                      data-moved={card.from !== null}
                      data-testid="env-container"
                      data-name={card.name}
                      data-stage={stage}
                    >
                      <span className="env-chip-name">{card.name}</span>
                      {card.image && <span className="env-chip-image">{card.image}</span>}
                    </li>
                  ))}
                </ul>
              </div>
              {ARROWS[stage] && (
                <span className="env-arrow" aria-hidden="true">
                  {ARROWS[stage]}
                </span>
              )}
            </li>
          )
        })}
      </ol>
      <p className="env-last-move" aria-live="polite" data-testid="env-last-move">
        {lastMove ? moveText(lastMove) : ''}
      </p>
      <details className="env-commands">
        <summary>{t('environment.lifecycle.commands')}</summary>
        <ul>
          {COMMANDS.map(({ command, from, to }) => (
            <li key={`${command}:${from}`}>
              <code>{command}</code>{' '}
              {t('environment.lifecycle.command', { from: from ? stageLabel(from) : t('environment.lifecycle.new'), to: stageLabel(to) })}
            </li>
          ))}
        </ul>
      </details>
    </section>
  )
}
