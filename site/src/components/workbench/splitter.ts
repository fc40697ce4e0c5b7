/**
 * @module The splitter between a lesson's text and its workbench (wide screens): drag it, or focus
 * it and use ←/→ (Home, End, Enter for the default); the share is remembered for every lesson
 * (`lib/workbench/split.ts`) and applied as soon as the page's scripts run.
 */
import { browserStorage } from '../../lib/browser-storage.ts'
import { parseStoredSplit, splitAfterKey, splitAtPointer, SPLIT_STORAGE_KEY } from '../../lib/workbench/split.ts'

const splitter = document.querySelector<HTMLElement>('[data-lesson-splitter]')
const lesson = splitter?.closest<HTMLElement>('.lesson')

function apply(share: number): void {
  lesson!.style.setProperty('--lesson-text-share', `${share}%`)
  splitter!.setAttribute('aria-valuenow', String(share))
}

if (splitter && lesson) {
  let share = parseStoredSplit(browserStorage().getItem(SPLIT_STORAGE_KEY))
  apply(share)
  const remember = () => browserStorage().setItem(SPLIT_STORAGE_KEY, String(share))

  splitter.addEventListener('keydown', (event) => {
    const next = splitAfterKey(share, event.key)
    if (next === null) return
    event.preventDefault()
    share = next
    apply(share)
    remember()
  })

  splitter.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return
    event.preventDefault()
    splitter.setPointerCapture(event.pointerId)
    splitter.dataset.dragging = 'true'
  })
  splitter.addEventListener('pointermove', (event) => {
    if (!splitter.hasPointerCapture(event.pointerId)) return
    const { left, width } = lesson.getBoundingClientRect()
    share = splitAtPointer(event.clientX, left, width)
    apply(share)
  })
  const stopDragging = (event: PointerEvent) => {
    if (!splitter.hasPointerCapture(event.pointerId)) return
    splitter.releasePointerCapture(event.pointerId)
    delete splitter.dataset.dragging
    remember()
  }
  splitter.addEventListener('pointerup', stopDragging)
  splitter.addEventListener('pointercancel', stopDragging)
}
