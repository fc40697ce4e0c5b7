/**
 * @module Rewrites one tool's part of a shared Markdown page (docs/benchmarks.md): everything
 * between `<!-- name:start -->` and `<!-- name:end -->`, leaving the rest of the page as it was.
 */

/**
 * `page` with `body` between the markers of section `name`; when the page has no such section, the
 * markers (after `intro`, e.g. a heading) are appended at the end.
 */
export function withMarkedSection(page: string, name: string, intro: string, body: string): string {
  const startMarker = `<!-- ${name}:start -->`
  const endMarker = `<!-- ${name}:end -->`
  const block = `${startMarker}\n${body}\n${endMarker}`
  const start = page.indexOf(startMarker)
  const end = page.indexOf(endMarker, start)
  if (start >= 0 && end >= 0) return page.slice(0, start) + block + page.slice(end + endMarker.length)
  return `${page.trimEnd()}\n\n${intro}\n\n${block}\n`
}
