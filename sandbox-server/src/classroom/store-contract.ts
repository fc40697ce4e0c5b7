/**
 * @module One test suite every ClassroomStore passes (SQLite and PostgreSQL): what the classroom
 * service relies on, rows coming back exactly as written (numbers as numbers), and the same order.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ClassRecord, ClassroomStore, Member } from './store.ts'

const KIM = { name: 'kim', passwordHash: 'scrypt$kim' }

function sampleClass(overrides: Partial<ClassRecord> = {}): ClassRecord {
  return {
    id: 'c0ffee0000000001',
    instructor: KIM.name,
    name: '토요 워크숍',
    lessonIds: ['first-container', 'image-layers'],
    capacity: 30,
    joinCode: 'ABC123',
    createdAt: 1_900_000_000_000,
    endsAt: 1_900_003_600_000,
    endedAt: null,
    ...overrides,
  }
}

function sampleMember(overrides: Partial<Member> = {}): Member {
  return {
    id: 'a000000000000001',
    classId: sampleClass().id,
    nickname: '민수',
    tokenHash: 'f'.repeat(64),
    sessionId: 'session-1',
    sessionUnclaimed: false,
    joinedAt: 1_900_000_100_000,
    lastActiveAt: 1_900_000_100_000,
    currentLessonId: null,
    ...overrides,
  }
}

/** A store holding instructor kim and the sample class, the ground most tests stand on. */
async function storeWithClass(newStore: () => Promise<ClassroomStore>): Promise<ClassroomStore> {
  const store = await newStore()
  await store.putInstructor(KIM)
  await store.putClass(sampleClass())
  return store
}

/** Registers the contract tests for stores made by `newStore` (each call a new, empty store). */
export function runClassroomStoreContract(name: string, newStore: () => Promise<ClassroomStore>): void {
  describe(`${name} (ClassroomStore contract)`, () => {
    it('Should keep instructors by name, replace a password, and count them', async () => {
      const store = await newStore()
      assert.equal(await store.countInstructors(), 0)
      assert.equal(await store.getInstructor('kim'), undefined)
      await store.putInstructor(KIM)
      await store.putInstructor({ name: 'lee', passwordHash: 'scrypt$lee' })
      await store.putInstructor({ name: 'kim', passwordHash: 'scrypt$new' })
      assert.deepEqual(await store.getInstructor('kim'), { name: 'kim', passwordHash: 'scrypt$new' })
      assert.equal(await store.countInstructors(), 2)
      await store.close()
    })

    it('Should find instructor tokens by hash and delete those expired by now, the boundary included', async () => {
      const store = await newStore()
      await store.putInstructor(KIM)
      for (const [tokenHash, expiresAt] of [['early', 1_000], ['boundary', 2_000], ['late', 3_000]] as const) {
        await store.putInstructorToken({ tokenHash, instructor: 'kim', expiresAt })
      }
      assert.deepEqual(await store.getInstructorToken('late'), { tokenHash: 'late', instructor: 'kim', expiresAt: 3_000 })
      await store.deleteExpiredInstructorTokens(2_000)
      assert.equal(await store.getInstructorToken('early'), undefined)
      assert.equal(await store.getInstructorToken('boundary'), undefined)
      assert.ok(await store.getInstructorToken('late'))
      await assert.rejects(store.putInstructorToken({ tokenHash: 'x', instructor: 'nobody', expiresAt: 1 }), 'a token needs its instructor')
      await store.close()
    })

    it('Should return a class as put, and change only what an update may change', async () => {
      const store = await storeWithClass(newStore)
      assert.deepEqual(await store.getClass(sampleClass().id), sampleClass())
      assert.equal(await store.getClass('no-such-class'), undefined)
      const updated = sampleClass({ name: '바뀐 이름', lessonIds: ['compose'], capacity: 5, endsAt: 1_900_007_200_000, endedAt: 1_900_001_000_000 })
      await store.putClass({ ...updated, instructor: 'kim', joinCode: 'ZZZ999', createdAt: 1 })
      assert.deepEqual(await store.getClass(sampleClass().id), updated, 'join code, instructor and creation time stay')
      await store.close()
    })

    it('Should find a running class by its code, and list classes newest first and running ones', async () => {
      const store = await storeWithClass(newStore)
      await store.putClass(sampleClass({ id: 'c0ffee0000000002', joinCode: 'ENDED1', createdAt: 1_900_000_000_500, endedAt: 1_900_000_001_000 }))
      await store.putInstructor({ name: 'lee', passwordHash: 'scrypt$lee' })
      await store.putClass(sampleClass({ id: 'c0ffee0000000003', instructor: 'lee', joinCode: 'LEE111', createdAt: 1_900_000_000_900 }))
      assert.equal((await store.findRunningClassByCode('ABC123'))?.id, 'c0ffee0000000001')
      assert.equal(await store.findRunningClassByCode('ENDED1'), undefined, 'an ended class takes nobody in')
      assert.equal(await store.findRunningClassByCode('abc123'), undefined, 'codes match exactly')
      assert.deepEqual((await store.listClasses('kim')).map((record) => record.id), ['c0ffee0000000002', 'c0ffee0000000001'])
      assert.deepEqual((await store.listRunningClasses()).map((record) => record.id).sort(), ['c0ffee0000000001', 'c0ffee0000000003'])
      await store.close()
    })

    it('Should keep members, update only their session (and whether it was claimed), activity and lesson, and find them by session', async () => {
      const store = await storeWithClass(newStore)
      await store.putMember(sampleMember())
      assert.deepEqual(await store.getMember(sampleMember().id), sampleMember())
      const moved = sampleMember({ sessionId: 'session-2', sessionUnclaimed: true, lastActiveAt: 1_900_000_200_000, currentLessonId: 'image-layers' })
      await store.putMember({ ...moved, nickname: '다른 이름', tokenHash: '0'.repeat(64), joinedAt: 1 })
      assert.deepEqual(await store.getMember(sampleMember().id), moved)
      assert.equal((await store.findMemberBySession('session-2'))?.id, sampleMember().id)
      assert.equal(await store.findMemberBySession('session-1'), undefined)
      await store.putMember({ ...moved, sessionId: null })
      assert.equal((await store.getMember(sampleMember().id))?.sessionId, null)
      await assert.rejects(store.putMember(sampleMember({ id: 'b000000000000001', classId: 'no-such-class' })), 'a member needs its class')
      await store.close()
    })

    it('Should record a visit without touching the session, and hand a waiting session to one claim only', async () => {
      const store = await storeWithClass(newStore)
      await store.putMember(sampleMember({ sessionId: 'session-2', sessionUnclaimed: true }))
      await store.recordVisit(sampleMember().id, 'image-layers', 1_900_000_300_000)
      assert.deepEqual(
        await store.getMember(sampleMember().id),
        sampleMember({ sessionId: 'session-2', sessionUnclaimed: true, currentLessonId: 'image-layers', lastActiveAt: 1_900_000_300_000 }),
      )
      const claims = await Promise.all([store.claimSession(sampleMember().id), store.claimSession(sampleMember().id)])
      assert.deepEqual(claims.filter((id) => id !== null), ['session-2'], 'one of two claims at once gets it')
      assert.equal((await store.getMember(sampleMember().id))?.sessionUnclaimed, false)
      assert.equal(await store.claimSession('no-such-member'), null)
      await store.close()
    })

    it('Should list a class’s members by join time, then id byte by byte', async () => {
      const store = await storeWithClass(newStore)
      await store.putClass(sampleClass({ id: 'c0ffee0000000002', joinCode: 'OTHER1' }))
      // Byte order puts "B…" before "a…"; a language-aware collation would not.
      for (const [id, joinedAt] of [['late', 3], ['a-same', 2], ['B-same', 2], ['_same', 2], ['early', 1]] as const) {
        await store.putMember(sampleMember({ id, joinedAt, sessionId: id }))
      }
      await store.putMember(sampleMember({ id: 'elsewhere', classId: 'c0ffee0000000002', joinedAt: 0, sessionId: 'elsewhere' }))
      assert.deepEqual((await store.listMembers(sampleClass().id)).map((member) => member.id), ['early', 'B-same', '_same', 'a-same', 'late'])
      await store.close()
    })

    it('Should count attempts, keep the last time, and let a pass stick', async () => {
      const store = await storeWithClass(newStore)
      await store.putMember(sampleMember())
      const { id } = sampleMember()
      await store.recordAttempt(id, 'first-container', 'run-nginx', false, 10)
      await store.recordAttempt(id, 'first-container', 'run-nginx', true, 20)
      await store.recordAttempt(id, 'first-container', 'run-nginx', false, 30)
      await store.recordAttempt(id, 'first-container', 'list', false, 40)
      assert.deepEqual(await store.listResults(sampleClass().id), [
        { memberId: id, lessonId: 'first-container', exerciseId: 'list', status: 'failed', attempts: 1, lastAt: 40 },
        { memberId: id, lessonId: 'first-container', exerciseId: 'run-nginx', status: 'passed', attempts: 3, lastAt: 30 },
      ])
      await assert.rejects(store.recordAttempt('no-such-member', 'l', 'e', true, 1), 'a result needs its member')
      await store.close()
    })

    it('Should list results by member join time, lesson and exercise, of that class only', async () => {
      const store = await storeWithClass(newStore)
      await store.putClass(sampleClass({ id: 'c0ffee0000000002', joinCode: 'OTHER1' }))
      await store.putMember(sampleMember({ id: 'second', joinedAt: 2, sessionId: 's2' }))
      await store.putMember(sampleMember({ id: 'first', joinedAt: 1, sessionId: 's1' }))
      await store.putMember(sampleMember({ id: 'other', classId: 'c0ffee0000000002', joinedAt: 0, sessionId: 's3' }))
      for (const [member, lesson, exercise] of [
        ['second', 'b-lesson', 'x'],
        ['first', 'b-lesson', 'x'],
        ['first', 'a-lesson', 'y'],
        ['first', 'a-lesson', 'Z'],
        ['other', 'a-lesson', 'x'],
      ] as const) {
        await store.recordAttempt(member, lesson, exercise, true, 5)
      }
      assert.deepEqual(
        (await store.listResults(sampleClass().id)).map((result) => `${result.memberId} ${result.lessonId} ${result.exerciseId}`),
        ['first a-lesson Z', 'first a-lesson y', 'first b-lesson x', 'second b-lesson x'],
      )
      await store.close()
    })

    it('Should number messages upwards and list a class’s messages in that order', async () => {
      const store = await storeWithClass(newStore)
      await store.putClass(sampleClass({ id: 'c0ffee0000000002', joinCode: 'OTHER1' }))
      const first = await store.addMessage(sampleClass().id, '5분 뒤에 시작합니다', 100)
      const elsewhere = await store.addMessage('c0ffee0000000002', '다른 반', 150)
      const second = await store.addMessage(sampleClass().id, '쉬는 시간', 200)
      assert.ok(first.id < elsewhere.id && elsewhere.id < second.id, `ids ${first.id}, ${elsewhere.id}, ${second.id}`)
      assert.equal(typeof first.id, 'number')
      assert.deepEqual(await store.listMessages(sampleClass().id), [
        { id: first.id, classId: sampleClass().id, text: '5분 뒤에 시작합니다', at: 100 },
        { id: second.id, classId: sampleClass().id, text: '쉬는 시간', at: 200 },
      ])
      await assert.rejects(store.addMessage('no-such-class', 'x', 1), 'a message needs its class')
      await store.close()
    })
  })
}
