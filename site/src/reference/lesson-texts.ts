/**
 * @module For the reference tests: the course's lesson texts by lesson id, read from the lesson
 * folders (the site's content collection exists only inside Astro).
 */
import { readdir, readFile } from 'node:fs/promises'
import { readFrontmatter } from '@docker-classroom/lessons'

const COURSE = new URL('../../../lessons/course/', import.meta.url)

/** Lesson id → the lesson's `content.mdx`, frontmatter included. */
export async function lessonTexts(): Promise<Map<string, string>> {
  const texts = new Map<string, string>()
  for (const folder of await readdir(COURSE)) {
    const source = await readFile(new URL(`${folder}/content.mdx`, COURSE), 'utf8').catch(() => null)
    if (source === null) continue
    const { id } = readFrontmatter(source) as { id: string }
    texts.set(id, source)
  }
  return texts
}

/** The `##` and `###` headings of a lesson text. */
export function headingsOf(text: string): string[] {
  return [...text.matchAll(/^#{2,3} (.+)$/gm)].map((match) => match[1]!.trim())
}
