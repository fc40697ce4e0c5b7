/**
 * @module What a page measured in Chromium tells about its own loading, shared by the site's budget
 * script and the workbench benchmark.
 */
import type { Page } from 'playwright-core'

/**
 * The page's Largest Contentful Paint so far, in milliseconds since navigation (the last candidate
 * the browser reported; it stops reporting once the learner interacts). NaN when there is none.
 */
export function largestContentfulPaint(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        new PerformanceObserver((list) => resolve(list.getEntries().at(-1)?.startTime ?? Number.NaN)).observe({
          type: 'largest-contentful-paint',
          buffered: true,
        })
      }),
  )
}
