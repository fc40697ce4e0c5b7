import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CHEATSHEET } from './cheatsheet.ts'
import { GLOSSARY, glossaryAnchor } from './glossary.ts'
import { lessonTexts } from './lesson-texts.ts'

/**
 * Whether one line of `text` has the words the learner types before the command's first `<…>`
 * placeholder, in order, other words allowed between them (`docker run --rm -e A=1 busybox` shows
 * `docker run -e <이름>=<값> <이미지>`).
 */
function shows(text: string, command: string): boolean {
  const words = command.split('<')[0]!.trim().split(/\s+/)
  const escaped = words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return new RegExp(escaped.join(String.raw`\s(?:.*\s)?`)).test(text)
}

describe('glossary and cheat sheet', () => {
  it('send every term to a lesson that uses it', async () => {
    const lessons = await lessonTexts()
    const misses = GLOSSARY.filter((entry) => !lessons.get(entry.lesson)?.includes(entry.seenAs ?? entry.term))
    assert.deepEqual(misses.map((entry) => `${entry.term} → ${entry.lesson}`), [])
  })

  it('send every command to a lesson that shows it', async () => {
    const lessons = await lessonTexts()
    const misses = CHEATSHEET.flatMap((group) => group.commands).filter(
      ({ command, lesson }) => !shows(lessons.get(lesson) ?? '', command),
    )
    assert.deepEqual(misses.map(({ command, lesson }) => `${command} → ${lesson}`), [])
  })

  it('list each term and each command once', () => {
    const terms = GLOSSARY.map((entry) => entry.term)
    assert.equal(new Set(terms).size, terms.length)
    const anchors = GLOSSARY.map(glossaryAnchor)
    assert.equal(new Set(anchors).size, anchors.length, 'every term has its own anchor')
    assert.equal(glossaryAnchor(GLOSSARY.find((entry) => entry.term === '빌드 재료 폴더')!), 'build-context')
    const commands = CHEATSHEET.flatMap((group) => group.commands.map((entry) => entry.command))
    assert.equal(new Set(commands).size, commands.length)
  })
})
