import assert from 'node:assert/strict'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { CourseError, loadCourse } from './course.ts'
import { progressStepIds, QUIZ_PROGRESS_ID } from './quiz.ts'
import { LessonFrontmatterSchema } from './schema.ts'

const lesson = {
  id: 'concepts',
  title: '개념',
  description: '설명',
  order: 1,
  goals: ['목표'],
  durationMinutes: 10,
}

const question = {
  id: 'kernel',
  question: '컨테이너는 무엇을 호스트와 함께 쓰나요?',
  options: [
    { id: 'kernel', text: '커널', correct: true },
    { id: 'bios', text: 'BIOS' },
  ],
  explanation: '컨테이너는 호스트의 커널을 함께 씁니다.',
}

function issues(frontmatter: unknown): { path: string; message: string }[] {
  const result = LessonFrontmatterSchema().safeParse(frontmatter)
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }))
}

describe('quiz schema', () => {
  it('accepts a quiz, fills defaults, and leaves lessons without one an empty quiz', () => {
    const parsed = LessonFrontmatterSchema().parse({ ...lesson, quiz: [question] })
    assert.equal(parsed.quiz[0]!.multiple, false)
    assert.equal(parsed.quiz[0]!.options[1]!.correct, false)
    assert.deepEqual(LessonFrontmatterSchema().parse(lesson).quiz, [])
  })

  it('asks a single-answer question with two correct options to mark itself multiple', () => {
    const twoCorrect = { ...question, options: question.options.map((option) => ({ ...option, correct: true })) }
    const [issue] = issues({ ...lesson, quiz: [twoCorrect] })
    assert.equal(issue!.path, 'quiz.0.options')
    assert.match(issue!.message, /exactly one option with "correct: true" \(found 2\); set "multiple: true"/)
    assert.deepEqual(issues({ ...lesson, quiz: [{ ...twoCorrect, multiple: true }] }), [])
  })

  it('rejects a question without a correct option, with one option, and with repeated ids', () => {
    const noneCorrect = { ...question, multiple: true, options: question.options.map(({ id, text }) => ({ id, text })) }
    assert.match(issues({ ...lesson, quiz: [noneCorrect] })[0]!.message, /at least one option/)
    assert.match(issues({ ...lesson, quiz: [{ ...question, options: [question.options[0]] }] })[0]!.message, /at least two options/)
    const sameOption = { ...question, options: [question.options[0], { ...question.options[1], id: 'kernel' }] }
    assert.deepEqual(issues({ ...lesson, quiz: [sameOption] })[0]!.path, 'quiz.0.options.1.id')
    assert.deepEqual(issues({ ...lesson, quiz: [question, question] })[0]!.path, 'quiz.1.id')
  })

  it('rejects unknown keys in questions and options, so a typo such as "corect" is caught', () => {
    const typo = { ...question, options: [{ id: 'a', text: 'A', corect: true }, question.options[0]] }
    assert.match(issues({ ...lesson, quiz: [typo] }).map((issue) => issue.message).join('\n'), /corect/)
  })

  it('keeps the progress id of the quiz free of exercises and counts the quiz after the exercises', () => {
    const exercises = [{ id: QUIZ_PROGRESS_ID, title: '퀴즈라는 실습' }]
    assert.equal(issues({ ...lesson, exercises, quiz: [question] })[0]!.path, 'exercises.0.id')
    assert.deepEqual(issues({ ...lesson, exercises }), [])
    const parsed = LessonFrontmatterSchema().parse({ ...lesson, exercises: [{ id: 'run', title: '실행' }], quiz: [question] })
    assert.deepEqual(progressStepIds(parsed), ['run', QUIZ_PROGRESS_ID])
    assert.deepEqual(progressStepIds(LessonFrontmatterSchema().parse(lesson)), [])
  })

  it('names the file and the field of a broken quiz when the course loads', async () => {
    const course = await mkdtemp(path.join(tmpdir(), 'course-quiz-'))
    await mkdir(path.join(course, '01-quiz'))
    await writeFile(
      path.join(course, '01-quiz', 'content.mdx'),
      '---\nid: quiz-lesson\ntitle: t\ndescription: d\norder: 1\ngoals: [g]\ndurationMinutes: 1\nquiz:\n  - id: q\n    question: 질문\n    explanation: 해설\n    options:\n      - { id: a, text: A }\n      - { id: b, text: B }\n---\n<Quiz />\n',
    )
    await assert.rejects(loadCourse(course), (error: unknown) => {
      assert.ok(error instanceof CourseError)
      assert.match(error.problems.join('\n'), /01-quiz\/content\.mdx: quiz\.0\.options: a single-answer question needs exactly one option/)
      return true
    })
  })

  it('refuses a lesson whose quiz is never placed in its text', async () => {
    const course = await mkdtemp(path.join(tmpdir(), 'course-quiz-'))
    await mkdir(path.join(course, '01-quiz'))
    await writeFile(
      path.join(course, '01-quiz', 'content.mdx'),
      '---\nid: quiz-lesson\ntitle: t\ndescription: d\norder: 1\ngoals: [g]\ndurationMinutes: 1\nquiz:\n  - id: q\n    question: 질문\n    explanation: 해설\n    options:\n      - { id: a, text: A, correct: true }\n      - { id: b, text: B }\n---\n본문만 있고 퀴즈 자리는 없습니다.\n',
    )
    await assert.rejects(loadCourse(course), (error: unknown) => {
      assert.ok(error instanceof CourseError)
      assert.match(error.problems.join('\n'), /01-quiz\/content\.mdx: the frontmatter has a quiz but the text has no <Quiz \/>/)
      return true
    })
  })
})
