/**
 * @module Shows the learner's progress (`lib/progress.ts`) on the built pages, on every page and
 * again whenever it changes:
 * - every element with `data-progress-lesson` (sidebar links, home page cards) gets
 *   `data-finished`, and its `[data-progress-mark]` (made for sidebar links) is shown once the lesson is finished;
 * - a card's `[data-progress-bar]` and `[data-progress-text]` show how many exercises are passed;
 * - the home page's `[data-resume]` card appears once the learner has started, showing the link
 *   (`[data-resume-lesson]`) to the first unfinished lesson, or `[data-resume-done]` when none is left.
 * On a lesson page (`[data-current-lesson]`) the lesson is recorded as opened. Progress is kept in
 * step with the server's copy, so marks made in another browser appear here.
 *
 * Test hooks: `data-testid="progress-mark"` on a sidebar link's mark.
 */
import { t } from '../i18n/t.ts'
import { browserStorage } from '../lib/browser-storage.ts'
import {
  hasStarted,
  lessonProgress,
  markVisited,
  nextLesson,
  onProgressChange,
  readProgress,
  startProgressSync,
  type LessonOutline,
  type Progress,
} from '../lib/progress.ts'

const storage = browserStorage()

function outlineOf(element: HTMLElement): LessonOutline {
  return {
    id: element.dataset.progressLesson ?? '',
    exerciseIds: (element.dataset.progressExercises ?? '').split(' ').filter(Boolean),
  }
}

function markOf(element: HTMLElement): HTMLElement {
  let mark = element.querySelector<HTMLElement>('[data-progress-mark]')
  if (!mark) {
    mark = document.createElement('span')
    mark.className = 'progress-mark'
    mark.dataset.progressMark = ''
    mark.dataset.testid = 'progress-mark'
    mark.innerHTML = '<span aria-hidden="true">✓</span><span class="sr-only"></span>'
    mark.querySelector('.sr-only')!.textContent = t('progress.finished')
    element.append(mark)
  }
  return mark
}

function showLesson(element: HTMLElement, progress: Progress): void {
  const { done, total, finished } = lessonProgress(progress, outlineOf(element))
  element.dataset.finished = String(finished)
  const mark = finished ? markOf(element) : element.querySelector<HTMLElement>('[data-progress-mark]')
  if (mark) mark.hidden = !finished
  const bar = element.querySelector<HTMLProgressElement>('[data-progress-bar]')
  if (bar) bar.value = done
  const text = element.querySelector('[data-progress-text]')
  if (text) text.textContent = t('progress.exercises', { done, total })
}

function showResume(resume: HTMLElement, progress: Progress, lessons: LessonOutline[]): void {
  resume.hidden = !hasStarted(progress)
  const next = nextLesson(progress, lessons)
  const finished = lessons.filter((lesson) => lessonProgress(progress, lesson).finished).length
  resume.querySelector('[data-resume-summary]')!.textContent = t('progress.summary', { total: lessons.length, finished })
  for (const link of resume.querySelectorAll<HTMLElement>('[data-resume-lesson]')) link.hidden = link.dataset.resumeLesson !== next?.id
  resume.querySelector<HTMLElement>('[data-resume-done]')!.hidden = next !== null
}

function render(): void {
  const progress = readProgress(storage)
  const elements = [...document.querySelectorAll<HTMLElement>('[data-progress-lesson]')]
  for (const element of elements) showLesson(element, progress)
  const resume = document.querySelector<HTMLElement>('[data-resume]')
  if (resume) {
    const lessons = [...new Map(elements.map((element) => [element.dataset.progressLesson, outlineOf(element)])).values()]
    showResume(resume, progress, lessons)
  }
}

const currentLesson = document.querySelector<HTMLElement>('[data-current-lesson]')?.dataset.currentLesson
if (currentLesson) markVisited(storage, currentLesson)
render()
onProgressChange(render)
// Sends this page's visit and takes in progress kept on the server (another sandbox or browser).
startProgressSync(storage)
