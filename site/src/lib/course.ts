/**
 * @module The course as the site sees it: lessons from the content collection in course order,
 * their URLs, and the sidebar every course page shows.
 */
import { progressStepIds } from '@docker-classroom/lessons/schema'
import type { StarlightPageProps } from '@astrojs/starlight/props'
import { getCollection, type CollectionEntry } from 'astro:content'
import { t } from '../i18n/t.ts'

export type LessonEntry = CollectionEntry<'lessons'> | CollectionEntry<'packLessons'>

const byOrder = (a: LessonEntry, b: LessonEntry) => a.data.order - b.data.order

/** The course's lessons in order, then those of the instructor's pack (`LESSONS_DIR`), if any, in theirs. */
export async function getLessons(): Promise<LessonEntry[]> {
  const course = (await getCollection('lessons')).sort(byOrder)
  const pack = (await getCollection('packLessons')).sort(byOrder)
  const taken = new Set(course.map((lesson) => lesson.id))
  const clash = pack.find((lesson) => taken.has(lesson.id))
  if (clash) throw new Error(`LESSONS_DIR: lesson id "${clash.id}" is taken by the built-in course; choose another`)
  return [...course, ...pack]
}

/** `path` (starting with `/`) under the site's base URL. */
function sitePath(path: string): string {
  return `${import.meta.env.BASE_URL.replace(/\/$/, '')}${path}`
}

export function lessonHref(id: string): string {
  return sitePath(`/lessons/${id}/`)
}

/** The reference pages beside the lessons: the glossary (용어집) and the cheat sheet (치트시트). */
export function referenceHref(page: 'glossary' | 'cheatsheet'): string {
  return sitePath(`/${page}/`)
}

/** The lessons by id, for pages that link to the lesson teaching a term or a command. */
export async function lessonsById(): Promise<Map<string, LessonEntry>> {
  return new Map((await getLessons()).map((lesson) => [lesson.id, lesson]))
}

/**
 * The attributes by which `scripts/progress-marks.ts` finds an element standing for a lesson (a
 * sidebar link, a home page card) and learns what finishing it takes.
 */
export function progressAttrs({ id, data }: LessonEntry): Record<string, string> {
  return { 'data-progress-lesson': id, 'data-progress-exercises': progressStepIds(data).join(' ') }
}

/**
 * One group listing the lessons in order; Starlight marks the current one and derives prev/next from
 * it. The links carry `progressAttrs` so finished lessons get a ✓.
 */
export async function courseSidebar(): Promise<NonNullable<StarlightPageProps['sidebar']>> {
  const lessons = await getLessons()
  return [
    {
      label: t('sidebar.lessons'),
      items: lessons.map((lesson) => ({
        label: `${lesson.data.order}. ${lesson.data.title}`,
        link: lessonHref(lesson.id),
        attrs: progressAttrs(lesson),
      })),
    },
    {
      label: t('sidebar.reference'),
      items: [
        { label: t('glossary.title'), link: referenceHref('glossary') },
        { label: t('cheatsheet.title'), link: referenceHref('cheatsheet') },
      ],
    },
  ]
}
