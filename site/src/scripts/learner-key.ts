/**
 * @module Drives the home page's learner-key panel (`components/LearnerKey.astro`): shows this
 * browser's key, copies it, and switches to a key typed in from another browser (checked first, in
 * Korean when it is not one), then reloads so the progress kept under that key comes in.
 */
import { t } from '../i18n/t.ts'
import { browserStorage } from '../lib/browser-storage.ts'
import { adoptLearnerId, parseLearnerKey, readProgress } from '../lib/progress.ts'

const storage = browserStorage()
const panel = document.querySelector<HTMLElement>('[data-learner-key-panel]')

if (panel) {
  const own = panel.querySelector<HTMLInputElement>('[data-learner-key]')!
  const status = panel.querySelector<HTMLElement>('[data-learner-key-status]')!
  const form = panel.querySelector<HTMLFormElement>('[data-learner-key-form]')!
  const other = form.elements.namedItem('key') as HTMLInputElement
  own.value = readProgress(storage).learnerId

  panel.querySelector('[data-learner-key-copy]')!.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(own.value)
      status.textContent = t('learnerKey.copied')
    } catch {
      // No clipboard on a plain-http page: the selected key can still be copied by hand.
      own.select()
      status.textContent = t('learnerKey.copyFailed')
    }
  })

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const key = parseLearnerKey(other.value)
    other.setAttribute('aria-invalid', String(key === null))
    if (key === null) {
      status.textContent = t('learnerKey.invalid')
      other.focus()
      return
    }
    if (key === own.value) {
      status.textContent = t('learnerKey.same')
      return
    }
    adoptLearnerId(storage, key)
    window.location.reload()
  })
}
