/**
 * @module Runs axe-core in a page (injected from the npm package, nothing fetched) with the WCAG
 * 2.0 and 2.1 A/AA rules, and turns what it finds into one readable failure message.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

export interface Violation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[]; failureSummary?: string }[]
}

/**
 * Findings accepted on purpose, each with why. Starlight's search button shows "Ctrl K" beside its
 * label "검색"; the shortcut is announced through `aria-keyshortcuts`, and the label a speech user
 * says, 검색, is its name.
 */
const ACCEPTED: { rule: string; target: string }[] = [{ rule: 'label-content-name-mismatch', target: 'button[data-open-modal=""]' }]

/** The violations axe finds in `page` now, minus the accepted ones. */
export async function axeViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: await readFile(AXE_SOURCE, 'utf8') })
  const violations = await page.evaluate(async (tags) => {
    const result = await (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Violation[] }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: tags },
    })
    return result.violations.map(({ id, impact, help, nodes }) => ({
      id,
      impact,
      help,
      nodes: nodes.map(({ target, failureSummary }) => ({ target: target.map(String), failureSummary })),
    }))
  }, TAGS)
  return violations
    .map((violation) => ({
      ...violation,
      nodes: violation.nodes.filter((node) => !ACCEPTED.some((a) => a.rule === violation.id && node.target.join(' ') === a.target)),
    }))
    .filter((violation) => violation.nodes.length > 0)
}

/** A failure message listing each violation and the elements it was found on. */
export function describeViolations(violations: Violation[]): string {
  return violations
    .map(({ id, impact, help, nodes }) =>
      [`${id} (${impact}): ${help}`, ...nodes.map((node) => `  ${node.target.join(' ')}\n    ${node.failureSummary?.replace(/\n/g, '\n    ') ?? ''}`)].join('\n'),
    )
    .join('\n')
}
