/** @module Tests for the run/copy buttons added to shell code blocks. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ExpressiveCodeEngine } from '@astrojs/starlight/expressive-code'
import { selectAll, toHtml } from '@astrojs/starlight/expressive-code/hast'
import { isRunnable, pluginRunnableCode } from './runnable-code.ts'

const labels = { run: '▶ 실행', runAria: '터미널에서 실행', copy: '복사', copyAria: '명령 복사' }
const engine = new ExpressiveCodeEngine({ plugins: [pluginRunnableCode(labels)] })

async function render(code: string, language: string, meta = '') {
  const { renderedGroupAst } = await engine.render({ code, language, meta })
  return renderedGroupAst
}

describe('pluginRunnableCode', () => {
  it('gives a bash block a run and a copy button carrying the command', async () => {
    const ast = await render('docker run hello-world\n', 'bash')
    const buttons = selectAll('.dc-code-actions > button', ast)
    assert.deepEqual(
      buttons.map((button) => [button.properties.dataCodeAction, button.properties.ariaLabel]),
      [
        ['run', '터미널에서 실행'],
        ['copy', '명령 복사'],
      ],
    )
    assert.equal(selectAll('[data-code]', ast)[0]?.properties.dataCode, 'docker run hello-world')
    assert.match(toHtml(ast), /data-testid="run-button"/)
  })

  for (const language of ['sh', 'shell']) {
    it(`treats ${language} like bash`, async () => {
      assert.equal(selectAll('.dc-code-actions', await render('ls', language)).length, 1)
    })
  }

  for (const language of ['text', 'console', 'dockerfile']) {
    it(`gives a ${language} block no buttons`, async () => {
      assert.equal(selectAll('button[data-code-action]', await render('hello', language)).length, 0)
    })
  }

  it('gives a bash block with norun in its meta no buttons', async () => {
    assert.equal(selectAll('button[data-code-action]', await render('rm -rf /tmp/x', 'bash', 'title="x" norun')).length, 0)
  })
})

describe('isRunnable', () => {
  it('matches norun only as a whole word', () => {
    assert.equal(isRunnable('bash', 'norunning'), true)
    assert.equal(isRunnable('bash', 'norun'), false)
  })
})
