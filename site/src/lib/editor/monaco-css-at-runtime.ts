/**
 * @module A Vite plugin (build time) that turns the stylesheets Monaco's modules import into code
 * adding a `<style>` when those modules run. Astro links every stylesheet in a `client:only`
 * island's module graph into the page's `<head>`, dynamic imports included
 * (withastro/astro#9495), so Monaco's 116 KB of CSS would block the first paint of every lesson
 * page even though Monaco itself is only fetched when the 에디터 tab opens. As code, the styles come
 * with Monaco's chunk instead. A `url(./…)` (the codicon font) becomes an imported asset URL.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Plugin } from 'vite'

const PREFIX = '\0monaco-css:'
/** Keeps the virtual id from ending in `.css`, which Vite's own CSS handling would claim. */
const SUFFIX = '.js'

/** The JavaScript module standing for the stylesheet `css` read from `file`. */
export function styleModule(css: string, file: string): string {
  const assets: string[] = []
  const text = css.replace(/url\((['"]?)(\.{1,2}\/[^'")]+)\1\)/g, (_match, _quote, relative: string) => {
    assets.push(path.resolve(path.dirname(file), relative))
    return `url(__MONACO_ASSET_${assets.length - 1}__)`
  })
  return [
    ...assets.map((asset, index) => `import asset${index} from ${JSON.stringify(`${asset}?url`)}`),
    `const css = ${JSON.stringify(text)}${assets.map((_asset, index) => `.replace('__MONACO_ASSET_${index}__', asset${index})`).join('')}`,
    // Monaco's worker imports nothing with styles, but a module evaluated there must not fail.
    `if (typeof document !== 'undefined') {`,
    `  const style = document.createElement('style')`,
    `  style.dataset.source = ${JSON.stringify(path.basename(file))}`,
    `  style.textContent = css`,
    `  document.head.append(style)`,
    `}`,
  ].join('\n')
}

export function monacoCssAtRuntime(): Plugin {
  return {
    name: 'docker-classroom:monaco-css-at-runtime',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !source.endsWith('.css') || !importer.includes(`${path.sep}monaco-editor${path.sep}`)) return null
      return PREFIX + path.resolve(path.dirname(importer.replace(/\?.*$/, '')), source) + SUFFIX
    },
    async load(id) {
      if (!id.startsWith(PREFIX)) return null
      const file = id.slice(PREFIX.length, -SUFFIX.length)
      return styleModule(await readFile(file, 'utf8'), file)
    },
  }
}
