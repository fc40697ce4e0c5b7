import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { describe, it } from 'node:test'
import { headingsOf, lessonTexts } from './lesson-texts.ts'

const CURRICULUM = new URL('../../../docs/curriculum.md', import.meta.url)

describe('docs/curriculum.md', () => {
  it('names only sections the lessons have, and every lesson of the course', async () => {
    const lessons = await lessonTexts()
    const text = await readFile(CURRICULUM, 'utf8')
    const wrong: string[] = []
    const named = new Set<string>()
    for (const row of text.split('\n').filter((line) => line.startsWith('|'))) {
      // "lesson-id § section, § section; other-id § section": a `§` without an id continues the last id.
      let lesson: string | undefined
      for (const match of row.matchAll(/(?:([a-z][a-z0-9]*(?:-[a-z0-9]+)*) )?§ /g)) {
        if (match[1] !== undefined) lesson = lessons.has(match[1]) ? match[1] : undefined
        if (lesson === undefined) continue
        named.add(lesson)
        const rest = row.slice(match.index + match[0].length)
        if (!headingsOf(lessons.get(lesson)!).some((heading) => rest.startsWith(heading))) {
          wrong.push(`${lesson} § ${rest.slice(0, 40)}`)
        }
      }
    }
    assert.deepEqual(wrong, [], 'sections that are not headings of the lesson named before them')
    assert.deepEqual([...lessons.keys()].filter((id) => !named.has(id)), [], 'lessons the curriculum never names')
  })
})
