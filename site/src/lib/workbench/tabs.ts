/**
 * @module The workbench's tabs and how the keyboard moves between them (the WAI-ARIA tabs pattern,
 * horizontal, with automatic activation): arrows go to the previous or next tab and wrap around,
 * Home and End to the first and last.
 */

export const WORKBENCH_TABS = ['terminal', 'editor', 'preview', 'environment'] as const

export type WorkbenchTab = (typeof WORKBENCH_TABS)[number]

/** The tab `key` moves to from `current`, or null when the key is not one the tab list handles. */
export function tabAfterKey(current: WorkbenchTab, key: string): WorkbenchTab | null {
  const index = WORKBENCH_TABS.indexOf(current)
  const count = WORKBENCH_TABS.length
  switch (key) {
    case 'ArrowRight':
      return WORKBENCH_TABS[(index + 1) % count]!
    case 'ArrowLeft':
      return WORKBENCH_TABS[(index - 1 + count) % count]!
    case 'Home':
      return WORKBENCH_TABS[0]
    case 'End':
      return WORKBENCH_TABS[count - 1]!
    default:
      return null
  }
}
