/** @module Tests for turning Monaco's stylesheets into style-adding modules. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { monacoCssAtRuntime, styleModule } from './monaco-css-at-runtime.ts'

describe('styleModule', () => {
  it('adds the stylesheet as a <style> when run in a page', () => {
    const code = styleModule('.monaco-editor { color: red }', '/m/editor.css')
    const head: { dataset: Record<string, string>; textContent: string }[] = []
    const document = { createElement: () => ({ dataset: {}, textContent: '' }), head: { append: (style: (typeof head)[0]) => head.push(style) } }
    new Function('document', code)(document)
    assert.deepEqual(head, [{ dataset: { source: 'editor.css' }, textContent: '.monaco-editor { color: red }' }])
  })

  it('imports relative urls as assets and leaves data urls alone', () => {
    const code = styleModule('@font-face { src: url(./codicon.ttf) } .a { background: url("data:image/png;base64,AA==") }', '/m/codicon/codicon.css')
    assert.match(code, /^import asset0 from "\/m\/codicon\/codicon\.ttf\?url"$/m)
    assert.match(code, /url\(__MONACO_ASSET_0__\)/)
    assert.match(code, /\.replace\('__MONACO_ASSET_0__', asset0\)/)
    assert.match(code, /url\(\\"data:image\/png;base64,AA==\\"\)/)
  })
})

describe('monacoCssAtRuntime', () => {
  const plugin = monacoCssAtRuntime()
  const resolve = (source: string, importer?: string) => (plugin.resolveId as (s: string, i?: string) => string | null)(source, importer)

  it("claims only stylesheets that Monaco's own modules import", () => {
    assert.equal(
      resolve('./media/editor.css', '/repo/node_modules/monaco-editor/esm/vs/editor/browser/editor.js'),
      '\0monaco-css:/repo/node_modules/monaco-editor/esm/vs/editor/browser/media/editor.css.js',
    )
    assert.equal(resolve('./Workbench.css', '/repo/site/src/components/workbench/Workbench.tsx'), null)
    assert.equal(resolve('./x.js', '/repo/node_modules/monaco-editor/esm/vs/a.js'), null)
    assert.equal(resolve('./x.css'), null)
  })
})
