/**
 * @module How much of a lesson page's width the text takes beside the workbench, as the splitter
 * between them sets it (the WAI-ARIA window splitter pattern): a percentage kept within bounds,
 * moved by the arrow keys, Home/End and dragging, and remembered for the next lesson.
 */

export const SPLIT_DEFAULT = 48
export const SPLIT_MIN = 25
export const SPLIT_MAX = 75
/** How far one arrow key press moves the splitter, in percent of the width. */
export const SPLIT_STEP = 5
export const SPLIT_STORAGE_KEY = 'docker-classroom:lesson-split'

export function clampSplit(share: number): number {
  return Math.round(Math.min(SPLIT_MAX, Math.max(SPLIT_MIN, share)) * 10) / 10
}

/** The share after `key` is pressed on the splitter, or null when the key does not move it. */
export function splitAfterKey(share: number, key: string): number | null {
  switch (key) {
    case 'ArrowLeft':
      return clampSplit(share - SPLIT_STEP)
    case 'ArrowRight':
      return clampSplit(share + SPLIT_STEP)
    case 'Home':
      return SPLIT_MIN
    case 'End':
      return SPLIT_MAX
    case 'Enter':
      return SPLIT_DEFAULT
    default:
      return null
  }
}

/** The share with the splitter at `pointerX` in a row from `left` that is `width` wide. */
export function splitAtPointer(pointerX: number, left: number, width: number): number {
  return clampSplit(((pointerX - left) / width) * 100)
}

/** A remembered share, or the default when none (or nonsense) is stored. */
export function parseStoredSplit(value: string | null): number {
  const share = Number(value)
  return value !== null && value.trim() !== '' && Number.isFinite(share) ? clampSplit(share) : SPLIT_DEFAULT
}
