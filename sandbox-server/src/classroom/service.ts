/**
 * @module Classroom workshops: instructors sign in and run classes; learners join with a short code
 * and a nickname and get a sandbox from a pool pre-warmed for the class; every 채점 a member runs is
 * recorded for the live dashboard; the instructor resets a member's sandbox, broadcasts messages,
 * extends or ends the class (which removes every sandbox and keeps the results).
 *
 * Authorization lives here, not in the routes: every instructor operation takes the signed-in
 * instructor and answers 404 for a class that is not theirs, so another class's existence never leaks.
 */
import { randomBytes, randomInt } from 'node:crypto'
import { EventEmitter } from 'node:events'
import type { Lesson } from '@docker-classroom/lessons'
import { SandboxError } from '../errors.ts'
import type { Logger } from '../logger.ts'
import type { Grade } from '../routes/checks.ts'
import { hashToken, newToken, tokenMatches } from '../sessions/credentials.ts'
import type { CreatedSession, SessionManager } from '../sessions/session-manager.ts'
import { hashPassword, passwordMatches } from './passwords.ts'
import type { BroadcastMessage, ClassRecord, ClassroomStore, ExerciseResult, Member } from './store.ts'

/** Join codes avoid letters and digits that read alike (0/O, 1/I/L). */
const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
const JOIN_CODE_LENGTH = 6
/** How long an instructor stays signed in. */
export const INSTRUCTOR_TOKEN_TTL_MS = 12 * 60 * 60 * 1000

/** What a member's page hears about (`GET /api/classroom/me/events`). */
export type MemberEvent =
  | { type: 'broadcast'; message: BroadcastMessage }
  | { type: 'reset' }
  | { type: 'extended'; endsAt: number }
  | { type: 'ended' }

export interface NewClass {
  name: string
  lessonIds: string[]
  capacity: number
  durationMinutes: number
}

/** One member as the dashboard shows them. */
export interface MemberView {
  id: string
  nickname: string
  joinedAt: number
  lastActiveAt: number
  currentLessonId: string | null
  /** `running`, `starting`, `stopped`, or `none` when they have no sandbox (the class ended). */
  sandbox: 'running' | 'starting' | 'stopped' | 'none'
}

export interface Dashboard {
  class: ClassRecord
  members: MemberView[]
  /** The class's exercises in course order. */
  exercises: { lessonId: string; exerciseId: string; title: string }[]
  results: ExerciseResult[]
  messages: BroadcastMessage[]
}

export interface JoinedClass {
  member: Member
  memberToken: string
  created: CreatedSession
  class: ClassRecord
}

export interface ClassroomServiceOptions {
  store: ClassroomStore
  sessions: SessionManager
  lessons: readonly Lesson[]
  logger: Logger
  /** Operator-set instructor accounts (`INSTRUCTORS=name:password,…`); without them the first visitor sets one up. */
  operatorAccounts?: Readonly<Record<string, string>>
  now?: () => number
}

const notFound = () => new SandboxError({ code: 'class_not_found', status: 404, message: 'classroom.classNotFound' })

export class ClassroomService {
  readonly #store: ClassroomStore
  readonly #sessions: SessionManager
  readonly #lessons: readonly Lesson[]
  readonly #logger: Logger
  readonly #now: () => number
  readonly #operatorAccounts: Readonly<Record<string, string>>
  /** `class:<id>` → dashboards to refresh; `member:<id>` → that learner's page. */
  readonly #events = new EventEmitter().setMaxListeners(0)

  constructor({ store, sessions, lessons, logger, operatorAccounts = {}, now = Date.now }: ClassroomServiceOptions) {
    this.#store = store
    this.#sessions = sessions
    this.#lessons = lessons
    this.#logger = logger
    this.#operatorAccounts = operatorAccounts
    this.#now = now
  }

  // ── Instructors ────────────────────────────────────────────────────────────────────────────────

  /** Whether the first instructor still has to be set up (no operator accounts and none stored). */
  async needsSetup(): Promise<boolean> {
    return Object.keys(this.#operatorAccounts).length === 0 && (await this.#store.countInstructors()) === 0
  }

  /** Creates the first instructor; refused once there is one. */
  async setUp(name: string, password: string): Promise<{ token: string; expiresAt: number }> {
    if (!(await this.needsSetup())) {
      throw new SandboxError({ code: 'already_set_up', status: 409, message: 'classroom.alreadySetUp' })
    }
    await this.#store.putInstructor({ name, passwordHash: await hashPassword(password) })
    this.#logger.info('classroom.instructor-set-up', { instructor: name })
    return this.#issueToken(name)
  }

  async signIn(name: string, password: string): Promise<{ token: string; expiresAt: number }> {
    const operatorPassword = this.#operatorAccounts[name]
    const stored = operatorPassword === undefined ? await this.#store.getInstructor(name) : undefined
    const matches =
      operatorPassword !== undefined
        ? tokenMatches(password, hashToken(operatorPassword))
        : stored !== undefined && (await passwordMatches(password, stored.passwordHash))
    if (!matches) {
      this.#logger.warn('classroom.sign-in-failed', { instructor: name })
      throw new SandboxError({ code: 'sign_in_failed', status: 401, message: 'classroom.signInFailed' })
    }
    // Operator accounts get a row too, so their classes and tokens can refer to them.
    if (operatorPassword !== undefined && !(await this.#store.getInstructor(name))) {
      await this.#store.putInstructor({ name, passwordHash: 'operator' })
    }
    return this.#issueToken(name)
  }

  async #issueToken(instructor: string): Promise<{ token: string; expiresAt: number }> {
    const token = newToken()
    const expiresAt = this.#now() + INSTRUCTOR_TOKEN_TTL_MS
    await this.#store.deleteExpiredInstructorTokens(this.#now())
    await this.#store.putInstructorToken({ tokenHash: hashToken(token), instructor, expiresAt })
    return { token, expiresAt }
  }

  /**
   * The instructor signed in with `token`.
   * @throws SandboxError 401 for an unknown or expired token
   */
  async authenticateInstructor(token: string): Promise<string> {
    const record = await this.#store.getInstructorToken(hashToken(token))
    if (!record || record.expiresAt <= this.#now()) {
      throw new SandboxError({ code: 'instructor_auth', status: 401, message: 'classroom.instructorAuth' })
    }
    return record.instructor
  }

  // ── Classes ────────────────────────────────────────────────────────────────────────────────────

  async createClass(instructor: string, { name, lessonIds, capacity, durationMinutes }: NewClass): Promise<ClassRecord> {
    const known = new Set(this.#lessons.map((lesson) => lesson.frontmatter.id))
    if (lessonIds.length === 0 || lessonIds.some((id) => !known.has(id))) {
      throw new SandboxError({ code: 'unknown_lesson', status: 400, message: 'classroom.unknownLesson' })
    }
    const now = this.#now()
    const record: ClassRecord = {
      id: randomBytes(8).toString('hex'),
      instructor,
      name,
      // Course order, whatever order the form sent them in.
      lessonIds: this.#lessons.map((lesson) => lesson.frontmatter.id).filter((id) => lessonIds.includes(id)),
      capacity,
      joinCode: await this.#freeJoinCode(),
      createdAt: now,
      endsAt: now + durationMinutes * 60_000,
      endedAt: null,
    }
    await this.#store.putClass(record)
    this.#logger.info('classroom.class-created', { classId: record.id, instructor, capacity })
    await this.#rebalancePool()
    return record
  }

  async #freeJoinCode(): Promise<string> {
    for (;;) {
      const code = Array.from({ length: JOIN_CODE_LENGTH }, () => JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)]).join('')
      if (!(await this.#store.findRunningClassByCode(code))) return code
    }
  }

  listClasses(instructor: string): Promise<ClassRecord[]> {
    return this.#store.listClasses(instructor)
  }

  /** The instructor's class; 404 for another's or an unknown one. */
  async classOf(instructor: string, classId: string): Promise<ClassRecord> {
    const record = await this.#store.getClass(classId)
    if (!record || record.instructor !== instructor) throw notFound()
    return record
  }

  async #runningClassOf(instructor: string, classId: string): Promise<ClassRecord> {
    const record = await this.classOf(instructor, classId)
    if (record.endedAt !== null) throw new SandboxError({ code: 'class_ended', status: 409, message: 'classroom.classEnded' })
    return record
  }

  async dashboard(instructor: string, classId: string): Promise<Dashboard> {
    const record = await this.classOf(instructor, classId)
    const members = await this.#store.listMembers(classId)
    const views = await Promise.all(
      members.map(async (member): Promise<MemberView> => {
        const session = member.sessionId ? await this.#sessions.find(member.sessionId) : undefined
        return {
          id: member.id,
          nickname: member.nickname,
          joinedAt: member.joinedAt,
          lastActiveAt: Math.max(member.lastActiveAt, session?.lastActiveAt ?? 0),
          currentLessonId: member.currentLessonId,
          sandbox: session?.state ?? 'none',
        }
      }),
    )
    return {
      class: record,
      members: views,
      exercises: this.#exercisesOf(record),
      results: await this.#store.listResults(classId),
      messages: await this.#store.listMessages(classId),
    }
  }

  #exercisesOf(record: ClassRecord): Dashboard['exercises'] {
    return this.#lessons
      .filter((lesson) => record.lessonIds.includes(lesson.frontmatter.id))
      .flatMap((lesson) =>
        lesson.frontmatter.exercises.map((exercise) => ({ lessonId: lesson.frontmatter.id, exerciseId: exercise.id, title: exercise.title })),
      )
  }

  async extend(instructor: string, classId: string, minutes: number): Promise<ClassRecord> {
    const record = await this.#runningClassOf(instructor, classId)
    const extended = { ...record, endsAt: Math.max(record.endsAt, this.#now()) + minutes * 60_000 }
    await this.#store.putClass(extended)
    await this.#toMembers(classId, { type: 'extended', endsAt: extended.endsAt })
    this.#changed(classId)
    return extended
  }

  async broadcast(instructor: string, classId: string, text: string): Promise<BroadcastMessage> {
    await this.#runningClassOf(instructor, classId)
    const message = await this.#store.addMessage(classId, text, this.#now())
    await this.#toMembers(classId, { type: 'broadcast', message })
    this.#changed(classId)
    return message
  }

  /** Ends the class: every member's sandbox is removed; members, results and messages stay. */
  async end(instructor: string, classId: string): Promise<ClassRecord> {
    return this.#end(await this.#runningClassOf(instructor, classId), 'class ended')
  }

  async #end(record: ClassRecord, reason: string): Promise<ClassRecord> {
    const ended = { ...record, endedAt: this.#now() }
    await this.#store.putClass(ended)
    const members = await this.#store.listMembers(record.id)
    await Promise.all(
      members.map(async (member) => {
        if (member.sessionId) await this.#sessions.destroy(member.sessionId, reason)
        await this.#store.putMember({ ...member, sessionId: null, sessionUnclaimed: false })
      }),
    )
    await this.#toMembers(record.id, { type: 'ended' })
    this.#changed(record.id)
    this.#logger.info('classroom.class-ended', { classId: record.id, reason, members: members.length })
    await this.#rebalancePool()
    return ended
  }

  /** Ends every class whose time is up; returns how many. The server calls it with the reaper. */
  async endOverdue(): Promise<number> {
    const overdue = (await this.#store.listRunningClasses()).filter((record) => record.endsAt <= this.#now())
    for (const record of overdue) await this.#end(record, 'class time over')
    return overdue.length
  }

  /**
   * Keeps as many extra workstations warm as the running classes still expect learners, so a room
   * pressing 참여 at once takes started ones.
   */
  async #rebalancePool(): Promise<void> {
    let expected = 0
    for (const record of await this.#store.listRunningClasses()) {
      expected += Math.max(0, record.capacity - (await this.#store.listMembers(record.id)).length)
    }
    this.#sessions.setWarmBoost(expected)
  }

  // ── Members ────────────────────────────────────────────────────────────────────────────────────

  /**
   * Joins the running class with `joinCode` as `nickname` and starts the member's session.
   * @throws SandboxError 404 unknown code, 409 full class or nickname taken, 503 no capacity
   */
  async join(joinCode: string, nickname: string): Promise<JoinedClass> {
    const record = await this.#store.findRunningClassByCode(joinCode.toUpperCase())
    if (!record) throw new SandboxError({ code: 'join_code_not_found', status: 404, message: 'classroom.codeNotFound' })
    const members = await this.#store.listMembers(record.id)
    if (members.length >= record.capacity) throw new SandboxError({ code: 'class_full', status: 409, message: 'classroom.classFull' })
    if (members.some((member) => member.nickname === nickname)) {
      throw new SandboxError({ code: 'nickname_taken', status: 409, message: 'classroom.nicknameTaken' })
    }
    const created = await this.#sessions.create()
    const memberToken = newToken()
    const now = this.#now()
    const member: Member = {
      id: randomBytes(8).toString('hex'),
      classId: record.id,
      nickname,
      tokenHash: hashToken(memberToken),
      sessionId: created.session.id,
      sessionUnclaimed: false,
      joinedAt: now,
      lastActiveAt: now,
      currentLessonId: null,
    }
    await this.#store.putMember(member)
    this.#logger.info('classroom.joined', { classId: record.id, memberId: member.id, sessionId: created.session.id })
    this.#changed(record.id)
    await this.#rebalancePool()
    return { member, memberToken, created, class: record }
  }

  /**
   * The member `memberId` if `token` is theirs.
   * @throws SandboxError 401 otherwise (an unknown member reads the same, so ids cannot be probed)
   */
  async authenticateMember(memberId: string, token: string): Promise<Member> {
    const member = await this.#store.getMember(memberId)
    if (!member || !tokenMatches(token, member.tokenHash)) {
      throw new SandboxError({ code: 'member_auth', status: 401, message: 'classroom.memberAuth' })
    }
    return member
  }

  async classOfMember(member: Member): Promise<ClassRecord> {
    const record = await this.#store.getClass(member.classId)
    if (!record) throw notFound()
    return record
  }

  messagesOf(member: Member): Promise<BroadcastMessage[]> {
    return this.#store.listMessages(member.classId)
  }

  /** Notes which lesson the member has open (their page says so as it opens). */
  async recordVisit(member: Member, lessonId: string): Promise<void> {
    await this.#store.recordVisit(member.id, lessonId, this.#now())
    this.#changed(member.classId)
  }

  /** Records a 채점 of the session's member, if the session belongs to one. */
  async recordCheck({ sessionId, lessonId, exerciseId, passed }: Grade): Promise<void> {
    const member = await this.#store.findMemberBySession(sessionId)
    if (!member) return
    const now = this.#now()
    await this.#store.recordAttempt(member.id, lessonId, exerciseId, passed, now)
    await this.#store.putMember({ ...member, currentLessonId: lessonId, lastActiveAt: now })
    this.#changed(member.classId)
  }

  /** The member whose session this is, if it is in `classId` of `instructor` (for the terminal mirror). */
  async memberOf(instructor: string, classId: string, memberId: string): Promise<Member> {
    await this.classOf(instructor, classId)
    const member = await this.#store.getMember(memberId)
    if (!member || member.classId !== classId) {
      throw new SandboxError({ code: 'member_not_found', status: 404, message: 'classroom.memberNotFound' })
    }
    return member
  }

  /** The current session id of member `memberId`, if they have one. */
  async sessionOfMember(memberId: string): Promise<string | null> {
    return (await this.#store.getMember(memberId))?.sessionId ?? null
  }

  /** Gives the member a fresh sandbox; their page picks up the new session with `claimSession`. */
  async reset(instructor: string, classId: string, memberId: string): Promise<void> {
    await this.#runningClassOf(instructor, classId)
    const member = await this.memberOf(instructor, classId, memberId)
    if (member.sessionId) await this.#sessions.destroy(member.sessionId, 'reset by instructor')
    const created = await this.#sessions.create()
    // Its token is not kept: the page gets a new one when it claims the session (see claimSession).
    await this.#store.putMember({ ...member, sessionId: created.session.id, sessionUnclaimed: true })
    this.#logger.info('classroom.member-reset', { classId, memberId, sessionId: created.session.id })
    this.#events.emit(`member:${member.id}`, { type: 'reset' } satisfies MemberEvent)
    this.#changed(classId)
  }

  /**
   * The new session of a member who was reset, with a token issued now, once; undefined when there is
   * none waiting. Only the store says a session waits, so a server restart in between loses nothing.
   */
  async claimSession(member: Member): Promise<CreatedSession | undefined> {
    const sessionId = await this.#store.claimSession(member.id)
    return sessionId === null ? undefined : this.#sessions.reissueToken(sessionId)
  }

  // ── Live updates ───────────────────────────────────────────────────────────────────────────────

  /** Calls `listener` whenever the class's dashboard changes; returns the unsubscribe. */
  onClassChanged(classId: string, listener: () => void): () => void {
    this.#events.on(`class:${classId}`, listener)
    return () => this.#events.off(`class:${classId}`, listener)
  }

  onMemberEvent(memberId: string, listener: (event: MemberEvent) => void): () => void {
    this.#events.on(`member:${memberId}`, listener)
    return () => this.#events.off(`member:${memberId}`, listener)
  }

  #changed(classId: string): void {
    this.#events.emit(`class:${classId}`)
  }

  async #toMembers(classId: string, event: MemberEvent): Promise<void> {
    for (const member of await this.#store.listMembers(classId)) this.#events.emit(`member:${member.id}`, event)
  }
}
