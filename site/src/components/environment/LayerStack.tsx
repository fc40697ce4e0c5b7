/**
 * The image layer picture: pick one of the learner's images, and see the steps that built it as a
 * stack, the base at the bottom. A step that made a layer is a block as wide as its size allows (on
 * a log scale, so a 447-byte COPY is still visible next to a 75 MB base) and says which other images
 * share that very layer; a step that only changed settings (ENV, CMD, …) is a thin dashed line. The
 * stack is an ordered list, base first, so it reads as text in build order.
 *
 * Test hooks: `data-testid="env-image-select"`; `data-testid="env-layer-summary"`;
 * `data-testid="env-step"` with `data-layer="true|false"` and `data-shared="true|false"`.
 */
import { useId } from 'react'
import { t } from '../../i18n/t.ts'
import type { ImageDetail, ImageStep } from '@docker-classroom/lessons/inventory'
import { formatBytes, imageName } from '../../lib/environment/format.ts'

/** Width of a layer block in percent: at least 45 (its instruction stays legible), then by log size against the largest layer. */
function blockWidth(size: number, largest: number): number {
  if (largest <= 0) return 45
  return Math.round(45 + (55 * Math.log1p(size)) / Math.log1p(largest))
}

function Step({ step, largest }: { step: ImageStep; largest: number }) {
  const shared = (step.layer?.sharedWith.length ?? 0) > 0
  const instruction = step.instruction || t('environment.layers.base')
  if (!step.layer) {
    return (
      <li className="env-step env-step-metadata" data-testid="env-step" data-layer="false" data-shared="false">
        <code className="env-step-instruction" title={instruction}>
          {instruction}
        </code>
        <span className="env-step-meta">{t('environment.layers.metadata')}</span>
      </li>
    )
  }
  return (
    <li
      className="env-step env-step-layer"
      data-testid="env-step"
      data-layer="true"
      data-shared={shared}
      style={{ inlineSize: `${blockWidth(step.size, largest)}%` }}
    >
      <code className="env-step-instruction" title={instruction}>
        {instruction}
      </code>
      <span className="env-step-meta">
        {t('environment.layers.layer', { size: formatBytes(step.size) })}
        {shared && <span className="env-shared">{t('environment.layers.sharedWith', { images: step.layer.sharedWith.join(', ') })}</span>}
      </span>
    </li>
  )
}

export function LayerStack({
  images,
  selectedId,
  onSelect,
}: {
  images: ImageDetail[] | null
  selectedId: string | null
  onSelect: (id: string) => void
}) {
  const selectId = useId()
  const image = images?.find((candidate) => candidate.id === selectedId) ?? images?.[0] ?? null
  const layers = image?.steps.filter((step) => step.layer) ?? []
  const largest = Math.max(0, ...layers.map((step) => step.size))
  return (
    <section className="env-section" aria-labelledby="env-layers-title">
      <h3 id="env-layers-title" className="env-heading">
        {t('environment.layers.title')}
      </h3>
      {images === null && <p className="env-note">{t('environment.layers.loading')}</p>}
      {images?.length === 0 && <p className="env-note">{t('environment.layers.none')}</p>}
      {image && images && (
        <>
          <div className="env-picker">
            <label htmlFor={selectId}>{t('environment.layers.pick')}</label>
            <select id={selectId} data-testid="env-image-select" value={image.id} onChange={(event) => onSelect(event.currentTarget.value)}>
              {images.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {imageName(candidate)}
                </option>
              ))}
            </select>
          </div>
          <p className="env-note" data-testid="env-layer-summary">
            {t('environment.layers.summary', {
              layers: image.layerCount,
              size: formatBytes(image.size),
              shared: layers.filter((step) => (step.layer?.sharedWith.length ?? 0) > 0).length,
            })}
          </p>
          {!image.layersMatched && <p className="env-note">{t('environment.layers.unmatched')}</p>}
          <ol className="env-stack" aria-label={t('environment.layers.stack', { image: imageName(image) })}>
            {image.steps.map((step, index) => (
              <Step key={index} step={step} largest={largest} />
            ))}
          </ol>
          <p className="env-note env-stack-order">{t('environment.layers.order')}</p>
        </>
      )}
    </section>
  )
}
