/**
 * @module Handles the ▶ 실행 and 복사 buttons that `code-blocks/runnable-code.ts` adds to shell code
 * blocks at build time: run types the block's command into the terminal, copy puts it on the
 * clipboard. One delegated listener covers every block on the page.
 */
import { t } from '../i18n/t.ts'
import { runInTerminal } from '../lib/terminal/terminal-bus.ts'

const FEEDBACK_MS = 1500

const announcer = document.createElement('p')
announcer.className = 'sr-only'
announcer.setAttribute('role', 'status')
document.body.append(announcer)

async function copy(button: HTMLButtonElement, code: string): Promise<void> {
  button.dataset.label ??= button.textContent ?? ''
  let feedback: string
  try {
    await navigator.clipboard.writeText(code)
    feedback = t('code.copied')
  } catch {
    feedback = t('code.copyFailed')
  }
  button.textContent = feedback
  // The button's aria-label hides its text from screen readers, so the result is announced separately.
  announcer.textContent = feedback
  setTimeout(() => {
    button.textContent = button.dataset.label ?? ''
    announcer.textContent = ''
  }, FEEDBACK_MS)
}

document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest<HTMLButtonElement>('button[data-code-action]') : null
  const code = button?.closest<HTMLElement>('[data-code]')?.dataset.code
  if (!button || code === undefined) return
  if (button.dataset.codeAction === 'run') runInTerminal(code)
  else void copy(button, code)
})
