import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { bearer, createTestApp, type TestApp } from '../testing/test-app.ts'
import { csvCell } from './csv.ts'
import { DashboardSchema, JoinAnswerSchema, MemberViewSchema } from './openapi.ts'

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', ...headers },
  body: JSON.stringify(body),
})

const ACCOUNTS = { kim: 'kim-password', lee: 'lee-password' }

async function signIn(app: TestApp, name: keyof typeof ACCOUNTS): Promise<{ Authorization: string }> {
  const response = await app.app.request('/api/instructor/sign-in', json({ name, password: ACCOUNTS[name] }))
  assert.equal(response.status, 200)
  return bearer(((await response.json()) as { token: string }).token)
}

interface Joined {
  member: { id: string; token: string }
  class: { id: string }
  session: { id: string; token: string }
}

async function classWithLearners(app: TestApp, nicknames: string[], capacity = 3) {
  const kim = await signIn(app, 'kim')
  const created = await app.app.request(
    '/api/classes',
    json({ name: '토요 워크숍', lessonIds: ['first-container'], capacity, durationMinutes: 60 }, kim),
  )
  assert.equal(created.status, 201)
  const record = (await created.json()) as { id: string; joinCode: string }
  const joined: Joined[] = []
  for (const nickname of nicknames) {
    const response = await app.app.request('/api/classroom/join', json({ code: record.joinCode.toLowerCase(), nickname }))
    assert.equal(response.status, 201, await response.clone().text())
    joined.push(JoinAnswerSchema().parse(await response.json()))
  }
  return { kim, record, joined }
}

/** A new app with instructor kim's class and 민수, its one learner. */
async function classWithMinsu() {
  const app = await createTestApp({ overrides: { instructors: ACCOUNTS } })
  const { kim, record, joined } = await classWithLearners(app, ['민수'])
  const [minsu] = joined
  assert.ok(minsu)
  return { app, kim, record, minsu }
}

async function dashboard(app: TestApp, classId: string, auth: { Authorization: string }) {
  const response = await app.app.request(`/api/classes/${classId}`, { headers: auth })
  assert.equal(response.status, 200)
  return DashboardSchema().parse(await response.json())
}

/** Reads the first SSE event named `event` from a streaming response. */
async function nextEvent(response: Response, event: string): Promise<string> {
  const reader = response.body!.getReader()
  let text = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) throw new Error(`stream ended before "${event}"`)
    text += new TextDecoder().decode(value)
    const match = new RegExp(`event: ${event}\\ndata: (.*)\\n`).exec(text)
    if (match) {
      await reader.cancel()
      return match[1] ?? ''
    }
  }
}

/**
 * The member's page claims the session a reset made: the member view says one waits, and the claim
 * gives a working one, not the old one, and only once.
 */
async function assertNewSessionClaimedOnce(app: TestApp, { member, session }: Joined): Promise<void> {
  const waiting = async () =>
    MemberViewSchema().parse(await (await app.app.request(`/api/classroom/members/${member.id}`, { headers: bearer(member.token) })).json())
      .newSessionWaiting
  assert.equal(await waiting(), true)
  const claimed = () => app.app.request(`/api/classroom/members/${member.id}/session`, { method: 'POST', headers: bearer(member.token) })
  const claim = await claimed()
  assert.equal(claim.status, 200)
  const fresh = (await claim.json()) as { id: string; token: string }
  assert.notEqual(fresh.id, session.id)
  assert.equal((await app.app.request(`/api/sessions/${fresh.id}`, { headers: bearer(fresh.token) })).status, 200)
  assert.equal((await claimed()).status, 404)
  assert.equal(await waiting(), false)
}

describe('Instructor setup and sign-in', () => {
  it('lets the first visitor set up one instructor, then only sign-in', async () => {
    const app = await createTestApp()
    assert.deepEqual(await (await app.app.request('/api/instructor')).json(), { needsSetup: true })
    const setUp = await app.app.request('/api/instructor/setup', json({ name: '박강사', password: 'correct horse' }))
    assert.equal(setUp.status, 201)
    assert.equal((await app.app.request('/api/instructor/setup', json({ name: 'other', password: 'another pass' }))).status, 409)
    assert.equal((await app.app.request('/api/instructor/sign-in', json({ name: '박강사', password: 'wrong pass!' }))).status, 401)
    const signedIn = await app.app.request('/api/instructor/sign-in', json({ name: '박강사', password: 'correct horse' }))
    assert.equal(signedIn.status, 200)
    const { token } = (await signedIn.json()) as { token: string }
    assert.equal((await app.app.request('/api/classes', { headers: bearer(token) })).status, 200)
  })

  it('uses operator-set accounts instead of setup, and expires tokens', async () => {
    const app = await createTestApp({ overrides: { instructors: ACCOUNTS } })
    assert.deepEqual(await (await app.app.request('/api/instructor')).json(), { needsSetup: false })
    assert.equal((await app.app.request('/api/instructor/setup', json({ name: 'x', password: 'whatever1' }))).status, 409)
    const kim = await signIn(app, 'kim')
    assert.equal((await app.app.request('/api/classes', { headers: kim })).status, 200)
    app.clock.now += 13 * 60 * 60 * 1000
    const expired = await app.app.request('/api/classes', { headers: kim })
    assert.equal(expired.status, 401)
    assert.equal(((await expired.json()) as { error: { code: string } }).error.code, 'instructor_auth')
  })
})

describe('Classes', () => {
  it('creates a class with a join code and warms the pool for its learners', async () => {
    const app = await createTestApp({ overrides: { instructors: ACCOUNTS } })
    const kim = await signIn(app, 'kim')
    const bad = await app.app.request('/api/classes', json({ name: '', lessonIds: [], capacity: 0, durationMinutes: 1 }, kim))
    assert.equal(bad.status, 400)
    const unknown = await app.app.request('/api/classes', json({ name: 'x', lessonIds: ['no-such'], capacity: 3, durationMinutes: 30 }, kim))
    assert.equal(unknown.status, 400)
    const { record, joined } = await classWithLearners(app, ['하나'], 4)
    assert.match(record.joinCode, /^[A-HJ-NP-Z2-9]{6}$/)
    assert.equal(app.sessions.poolStatus().target, 3, 'three learners are still expected')
    assert.equal(joined.length, 1)
  })

  it('joins learners into their own sessions, refusing a wrong code, a taken nickname and a full class', async () => {
    const app = await createTestApp({ overrides: { instructors: ACCOUNTS } })
    const { record, joined } = await classWithLearners(app, ['민수', '지영'], 2)
    const [first] = joined
    assert.ok(first)
    const session = await app.app.request(`/api/sessions/${first.session.id}`, { headers: bearer(first.session.token) })
    assert.equal(session.status, 200, 'the join answer carries a working session')
    const wrong = await app.app.request('/api/classroom/join', json({ code: 'ZZZZZZ', nickname: '누구' }))
    assert.equal(wrong.status, 404)
    const full = await app.app.request('/api/classroom/join', json({ code: record.joinCode, nickname: '셋째' }))
    assert.equal(full.status, 409)
    assert.equal(((await full.json()) as { error: { code: string } }).error.code, 'class_full')
  })

  it('refuses a nickname already in the class', async () => {
    const app = await createTestApp({ overrides: { instructors: ACCOUNTS } })
    const { record } = await classWithLearners(app, ['민수'])
    const again = await app.app.request('/api/classroom/join', json({ code: record.joinCode, nickname: '민수' }))
    assert.equal(((await again.json()) as { error: { code: string } }).error.code, 'nickname_taken')
  })
})

describe('Authorization', () => {
  it("shows a class only to its instructor, and a member's view only to that member", async () => {
    const app = await createTestApp({ overrides: { instructors: ACCOUNTS } })
    const { record, joined } = await classWithLearners(app, ['민수', '지영'])
    const [minsu, jiyoung] = joined
    assert.ok(minsu && jiyoung)
    const lee = await signIn(app, 'lee')
    for (const [method, path] of [
      ['GET', `/api/classes/${record.id}`],
      ['GET', `/api/classes/${record.id}/events`],
      ['GET', `/api/classes/${record.id}/results.csv`],
      ['POST', `/api/classes/${record.id}/end`],
      ['POST', `/api/classes/${record.id}/members/${minsu.member.id}/reset`],
    ] as const) {
      const response = await app.app.request(path, { method, headers: lee })
      assert.equal(response.status, 404, `${method} ${path} by another instructor`)
    }
    assert.deepEqual(((await (await app.app.request('/api/classes', { headers: lee })).json()) as { classes: unknown[] }).classes, [])
    // A learner's tokens open nothing of the instructor's, nor another learner's view.
    for (const token of [minsu.member.token, minsu.session.token]) {
      assert.equal((await app.app.request(`/api/classes/${record.id}`, { headers: bearer(token) })).status, 401)
    }
    assert.equal((await app.app.request(`/api/classroom/members/${jiyoung.member.id}`, { headers: bearer(minsu.member.token) })).status, 401)
    assert.equal((await app.app.request(`/api/classroom/members/${minsu.member.id}`, { headers: bearer(minsu.member.token) })).status, 200)
    assert.equal((await app.app.request(`/api/classroom/members/${minsu.member.id}`)).status, 401)
    // A learner's session token does not open another learner's sandbox.
    assert.equal((await app.app.request(`/api/sessions/${jiyoung.session.id}`, { headers: bearer(minsu.session.token) })).status, 401)
  })
})

describe('The live dashboard', () => {
  it("records each member's 채점 and lesson, and tells the dashboard it changed", async () => {
    const { app, kim, record, minsu } = await classWithMinsu()
    const events = await app.app.request(`/api/classes/${record.id}/events`, { headers: kim })
    assert.equal(events.status, 200)
    assert.equal(await nextEvent(events, 'changed'), '{}', 'a first event right away')

    const visit = await app.app.request(`/api/classroom/members/${minsu.member.id}/visit`, json({ lessonId: 'first-container' }, bearer(minsu.member.token)))
    assert.equal(visit.status, 204)
    const check = await app.app.request(`/api/sessions/${minsu.session.id}/checks/first-container/run-nginx`, {
      method: 'POST',
      headers: bearer(minsu.session.token),
    })
    assert.equal(check.status, 200)
    const view = await dashboard(app, record.id, kim)
    assert.equal(view.members[0]?.currentLessonId, 'first-container')
    assert.equal(view.members[0]?.sandbox, 'running')
    assert.deepEqual(
      view.results.map(({ memberId, exerciseId, status, attempts }) => ({ memberId, exerciseId, status, attempts })),
      [{ memberId: minsu.member.id, exerciseId: 'run-nginx', status: 'failed', attempts: 1 }],
    )
  })

  it('broadcasts a message to every member, live and in their view', async () => {
    const { app, kim, record, minsu } = await classWithMinsu()
    const stream = await app.app.request(`/api/classroom/members/${minsu.member.id}/events`, { headers: bearer(minsu.member.token) })
    const heard = nextEvent(stream, 'broadcast')
    const sent = await app.app.request(`/api/classes/${record.id}/broadcast`, json({ text: '10분 쉬었다 합시다 ☕' }, kim))
    assert.equal(sent.status, 201)
    assert.equal((JSON.parse(await heard) as { text: string }).text, '10분 쉬었다 합시다 ☕')
    const view = MemberViewSchema().parse(
      await (await app.app.request(`/api/classroom/members/${minsu.member.id}`, { headers: bearer(minsu.member.token) })).json(),
    )
    assert.deepEqual(view.messages.map((message) => message.text), ['10분 쉬었다 합시다 ☕'])
    const tooLong = await app.app.request(`/api/classes/${record.id}/broadcast`, json({ text: 'x'.repeat(501) }, kim))
    assert.equal(tooLong.status, 400)
  })

  it("resets a member's sandbox: the old session is gone, the new one is handed out once", async () => {
    const { app, kim, record, minsu } = await classWithMinsu()
    const stream = await app.app.request(`/api/classroom/members/${minsu.member.id}/events`, { headers: bearer(minsu.member.token) })
    const heard = nextEvent(stream, 'reset')
    assert.equal((await app.app.request(`/api/classes/${record.id}/members/${minsu.member.id}/reset`, { method: 'POST', headers: kim })).status, 204)
    await heard
    assert.equal((await app.app.request(`/api/sessions/${minsu.session.id}`, { headers: bearer(minsu.session.token) })).status, 404)
    await assertNewSessionClaimedOnce(app, minsu)
  })

  it("hands a reset member's new session to their page after a server restart too", async () => {
    const { app: before, kim, record, minsu } = await classWithMinsu()
    assert.equal((await before.app.request(`/api/classes/${record.id}/members/${minsu.member.id}/reset`, { method: 'POST', headers: kim })).status, 204)
    const after = await createTestApp({ provider: before.provider, overrides: { instructors: ACCOUNTS }, stores: before.stores })
    await assertNewSessionClaimedOnce(after, minsu)
  })

  it('ends a class: every sandbox is removed, the code stops working, results stay and export as CSV', async () => {
    const app = await createTestApp({ overrides: { instructors: ACCOUNTS } })
    const { kim, record, joined } = await classWithLearners(app, ['민수', '=지영'])
    await app.app.request(`/api/sessions/${joined[0]!.session.id}/checks/first-container/run-nginx`, {
      method: 'POST',
      headers: bearer(joined[0]!.session.token),
    })
    assert.equal((await app.app.request(`/api/classes/${record.id}/end`, { method: 'POST', headers: kim })).status, 200)
    assert.equal(await app.sessions.count(), 0, 'every sandbox of the class is gone')
    assert.equal(app.provider.sandboxes.size, 0, "the provider holds no sandbox")
    assert.equal((await app.app.request('/api/classroom/join', json({ code: record.joinCode, nickname: '늦게' }))).status, 404)
    const view = await dashboard(app, record.id, kim)
    assert.ok(view.class.endedAt)
    assert.deepEqual(view.members.map((member) => member.sandbox), ['none', 'none'])
    const csv = await app.app.request(`/api/classes/${record.id}/results.csv`, { headers: kim })
    assert.equal(csv.headers.get('Content-Type'), 'text/csv; charset=utf-8')
    const bytes = Buffer.from(await csv.arrayBuffer())
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a UTF-8 byte order mark, for Excel')
    const text = bytes.subarray(3).toString('utf8')
    assert.ok(text.startsWith('별명,참여 시각,레슨,실습,결과,채점 횟수,마지막 채점\r\n'))
    assert.match(text, /\r\n민수,[^,]+,first-container,run-nginx,실패,1,[^,]+\r\n/)
    assert.match(text, /\r\n'=지영,[^,]+,first-container,run-nginx,시도 안 함,0,\r\n/)
  })

  it('ends a class when its time is up', async () => {
    const app = await createTestApp({ overrides: { instructors: ACCOUNTS } })
    const { record } = await classWithLearners(app, ['민수'])
    assert.equal(await app.classroom.endOverdue(), 0)
    app.clock.now += 61 * 60_000
    assert.equal(await app.classroom.endOverdue(), 1)
    assert.equal(await app.sessions.count(), 0)
    assert.equal((await app.app.request('/api/classroom/join', json({ code: record.joinCode, nickname: '늦게' }))).status, 404)
  })
})

describe('csvCell', () => {
  it('quotes separators and defuses formulas', () => {
    assert.equal(csvCell('a,b'), '"a,b"')
    assert.equal(csvCell('say "hi"'), '"say ""hi"""')
    assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`)
    assert.equal(csvCell('-1'), "'-1")
    assert.equal(csvCell('민수'), '민수')
  })
})
