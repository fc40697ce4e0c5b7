/**
 * @module Where classroom workshops live: instructors, their classes, the learners who joined
 * (members), each member's exercise results and the class's broadcast messages. `ClassroomStore` is
 * the seam (async, so a networked database can fill it); `SqliteClassroomStore` keeps it in the
 * session database's file, in tables of its own with their own numbered migrations, in portable SQL. Only hashes of tokens and passwords are stored.
 */
import type { DatabaseSync } from 'node:sqlite'
import { migrate, openDatabase, type Migration } from '../sessions/sqlite-session-store.ts'

export interface Instructor {
  name: string
  /** `scrypt$…` (see passwords.ts). */
  passwordHash: string
}

export interface ClassRecord {
  id: string
  instructor: string
  name: string
  lessonIds: string[]
  capacity: number
  joinCode: string
  /** Epoch milliseconds. */
  createdAt: number
  endsAt: number
  /** When the instructor (or the clock) ended it; null while it runs. */
  endedAt: number | null
}

export interface Member {
  id: string
  classId: string
  nickname: string
  /** SHA-256 of the member token, hex. */
  tokenHash: string
  /** The member's current session; a reset gives them a new one. Null once the class ended. */
  sessionId: string | null
  /** A reset made `sessionId` and the member's page has not picked it up yet. */
  sessionUnclaimed: boolean
  joinedAt: number
  lastActiveAt: number
  /** The lesson the learner has open, as their page last said. */
  currentLessonId: string | null
}

export type ResultStatus = 'passed' | 'failed'

export interface ExerciseResult {
  memberId: string
  lessonId: string
  exerciseId: string
  /** `passed` once any attempt passed; it never goes back. */
  status: ResultStatus
  attempts: number
  lastAt: number
}

export interface BroadcastMessage {
  id: number
  classId: string
  text: string
  at: number
}

export interface InstructorToken {
  tokenHash: string
  instructor: string
  expiresAt: number
}

export interface ClassroomStore {
  putInstructor(instructor: Instructor): Promise<void>
  getInstructor(name: string): Promise<Instructor | undefined>
  countInstructors(): Promise<number>
  putInstructorToken(token: InstructorToken): Promise<void>
  getInstructorToken(tokenHash: string): Promise<InstructorToken | undefined>
  deleteExpiredInstructorTokens(now: number): Promise<void>

  putClass(record: ClassRecord): Promise<void>
  getClass(id: string): Promise<ClassRecord | undefined>
  /** The running (not ended) class with this join code. */
  findRunningClassByCode(joinCode: string): Promise<ClassRecord | undefined>
  listClasses(instructor: string): Promise<ClassRecord[]>
  listRunningClasses(): Promise<ClassRecord[]>

  putMember(member: Member): Promise<void>
  /** Sets the lesson the member has open and their last activity, and nothing else of the row. */
  recordVisit(memberId: string, lessonId: string, at: number): Promise<void>
  /**
   * Marks the member's session claimed, in one statement: its id the first time after a reset,
   * null when none waits (so two claims at once cannot both get it).
   */
  claimSession(memberId: string): Promise<string | null>
  getMember(id: string): Promise<Member | undefined>
  listMembers(classId: string): Promise<Member[]>
  findMemberBySession(sessionId: string): Promise<Member | undefined>

  /** Adds one attempt to a member's exercise; `passed` sticks. */
  recordAttempt(memberId: string, lessonId: string, exerciseId: string, passed: boolean, at: number): Promise<void>
  listResults(classId: string): Promise<ExerciseResult[]>

  addMessage(classId: string, text: string, at: number): Promise<BroadcastMessage>
  listMessages(classId: string): Promise<BroadcastMessage[]>

  close(): Promise<void>
}

/** The schema, oldest change first. Append; never edit an applied migration. */
export const CLASSROOM_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    statements: [
      `CREATE TABLE instructors (name VARCHAR(64) PRIMARY KEY, password_hash VARCHAR(256) NOT NULL)`,
      `CREATE TABLE instructor_tokens (
        token_hash VARCHAR(64) PRIMARY KEY,
        instructor VARCHAR(64) NOT NULL REFERENCES instructors(name),
        expires_at BIGINT NOT NULL
      )`,
      `CREATE TABLE classes (
        id VARCHAR(32) PRIMARY KEY,
        instructor VARCHAR(64) NOT NULL REFERENCES instructors(name),
        name VARCHAR(200) NOT NULL,
        lesson_ids TEXT NOT NULL,
        capacity INTEGER NOT NULL,
        join_code VARCHAR(16) NOT NULL,
        created_at BIGINT NOT NULL,
        ends_at BIGINT NOT NULL,
        ended_at BIGINT
      )`,
      `CREATE INDEX classes_join_code ON classes (join_code)`,
      `CREATE TABLE members (
        id VARCHAR(32) PRIMARY KEY,
        class_id VARCHAR(32) NOT NULL REFERENCES classes(id),
        nickname VARCHAR(64) NOT NULL,
        token_hash VARCHAR(64) NOT NULL,
        session_id VARCHAR(64),
        joined_at BIGINT NOT NULL,
        last_active_at BIGINT NOT NULL,
        current_lesson_id VARCHAR(100)
      )`,
      `CREATE INDEX members_class ON members (class_id)`,
      `CREATE INDEX members_session ON members (session_id)`,
      `CREATE TABLE exercise_results (
        member_id VARCHAR(32) NOT NULL REFERENCES members(id),
        lesson_id VARCHAR(100) NOT NULL,
        exercise_id VARCHAR(100) NOT NULL,
        status VARCHAR(16) NOT NULL,
        attempts INTEGER NOT NULL,
        last_at BIGINT NOT NULL,
        PRIMARY KEY (member_id, lesson_id, exercise_id)
      )`,
      `CREATE TABLE class_messages (
        id INTEGER PRIMARY KEY,
        class_id VARCHAR(32) NOT NULL REFERENCES classes(id),
        text VARCHAR(1000) NOT NULL,
        at BIGINT NOT NULL
      )`,
    ],
  },
  {
    version: 2,
    statements: [`ALTER TABLE members ADD COLUMN session_unclaimed INTEGER NOT NULL DEFAULT 0`],
  },
]

export interface ClassRow {
  id: string
  instructor: string
  name: string
  lesson_ids: string
  capacity: number
  join_code: string
  created_at: number
  ends_at: number
  ended_at: number | null
}

export interface MemberRow {
  id: string
  class_id: string
  nickname: string
  token_hash: string
  session_id: string | null
  session_unclaimed: number
  joined_at: number
  last_active_at: number
  current_lesson_id: string | null
}

export const toClass = (row: ClassRow): ClassRecord => ({
  id: row.id,
  instructor: row.instructor,
  name: row.name,
  lessonIds: JSON.parse(row.lesson_ids) as string[],
  capacity: row.capacity,
  joinCode: row.join_code,
  createdAt: row.created_at,
  endsAt: row.ends_at,
  endedAt: row.ended_at,
})

export const toMember = (row: MemberRow): Member => ({
  id: row.id,
  classId: row.class_id,
  nickname: row.nickname,
  tokenHash: row.token_hash,
  sessionId: row.session_id,
  sessionUnclaimed: row.session_unclaimed === 1,
  joinedAt: row.joined_at,
  lastActiveAt: row.last_active_at,
  currentLessonId: row.current_lesson_id,
})

/** A class as the values of a `classes` row, in CLASS_COLUMNS order. */
export const toClassValues = (record: ClassRecord): (string | number | null)[] => [
  record.id,
  record.instructor,
  record.name,
  JSON.stringify(record.lessonIds),
  record.capacity,
  record.joinCode,
  record.createdAt,
  record.endsAt,
  record.endedAt,
]

/** A member as the values of a `members` row, in MEMBER_COLUMNS order. */
export const toMemberValues = (member: Member): (string | number | null)[] => [
  member.id,
  member.classId,
  member.nickname,
  member.tokenHash,
  member.sessionId,
  member.sessionUnclaimed ? 1 : 0,
  member.joinedAt,
  member.lastActiveAt,
  member.currentLessonId,
]

export interface ResultRow {
  member_id: string
  lesson_id: string
  exercise_id: string
  status: ResultStatus
  attempts: number
  last_at: number
}

export const toResult = (row: ResultRow): ExerciseResult => ({
  memberId: row.member_id,
  lessonId: row.lesson_id,
  exerciseId: row.exercise_id,
  status: row.status,
  attempts: row.attempts,
  lastAt: row.last_at,
})

export const CLASS_COLUMNS = 'id, instructor, name, lesson_ids, capacity, join_code, created_at, ends_at, ended_at'
export const MEMBER_COLUMNS =
  'id, class_id, nickname, token_hash, session_id, session_unclaimed, joined_at, last_active_at, current_lesson_id'

/** A ClassroomStore in an SQLite file (the session database's, or `:memory:`). */
export class SqliteClassroomStore implements ClassroomStore {
  readonly #db: DatabaseSync

  /** Opens (creating it and its folder if needed) the database at `file` and migrates it. */
  constructor(file: string) {
    this.#db = openDatabase(file)
    this.#db.exec('PRAGMA foreign_keys = ON')
    migrate(this.#db, CLASSROOM_MIGRATIONS, 'classroom_migrations')
  }

  async putInstructor({ name, passwordHash }: Instructor): Promise<void> {
    this.#db
      .prepare('INSERT INTO instructors (name, password_hash) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash')
      .run(name, passwordHash)
  }

  async getInstructor(name: string): Promise<Instructor | undefined> {
    const row = this.#db.prepare('SELECT name, password_hash FROM instructors WHERE name = ?').get(name) as
      | { name: string; password_hash: string }
      | undefined
    return row && { name: row.name, passwordHash: row.password_hash }
  }

  async countInstructors(): Promise<number> {
    return (this.#db.prepare('SELECT COUNT(*) AS n FROM instructors').get() as { n: number }).n
  }

  async putInstructorToken({ tokenHash, instructor, expiresAt }: InstructorToken): Promise<void> {
    this.#db.prepare('INSERT INTO instructor_tokens (token_hash, instructor, expires_at) VALUES (?, ?, ?)').run(tokenHash, instructor, expiresAt)
  }

  async getInstructorToken(tokenHash: string): Promise<InstructorToken | undefined> {
    const row = this.#db.prepare('SELECT token_hash, instructor, expires_at FROM instructor_tokens WHERE token_hash = ?').get(tokenHash) as
      | { token_hash: string; instructor: string; expires_at: number }
      | undefined
    return row && { tokenHash: row.token_hash, instructor: row.instructor, expiresAt: row.expires_at }
  }

  async deleteExpiredInstructorTokens(now: number): Promise<void> {
    this.#db.prepare('DELETE FROM instructor_tokens WHERE expires_at <= ?').run(now)
  }

  async putClass(record: ClassRecord): Promise<void> {
    this.#db
      .prepare(
        `INSERT INTO classes (${CLASS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, lesson_ids = excluded.lesson_ids, capacity = excluded.capacity,
           ends_at = excluded.ends_at, ended_at = excluded.ended_at`,
      )
      .run(...toClassValues(record))
  }

  async getClass(id: string): Promise<ClassRecord | undefined> {
    const row = this.#db.prepare(`SELECT ${CLASS_COLUMNS} FROM classes WHERE id = ?`).get(id) as ClassRow | undefined
    return row && toClass(row)
  }

  async findRunningClassByCode(joinCode: string): Promise<ClassRecord | undefined> {
    const row = this.#db.prepare(`SELECT ${CLASS_COLUMNS} FROM classes WHERE join_code = ? AND ended_at IS NULL`).get(joinCode) as
      | ClassRow
      | undefined
    return row && toClass(row)
  }

  async listClasses(instructor: string): Promise<ClassRecord[]> {
    const rows = this.#db.prepare(`SELECT ${CLASS_COLUMNS} FROM classes WHERE instructor = ? ORDER BY created_at DESC`).all(instructor)
    return (rows as unknown as ClassRow[]).map(toClass)
  }

  async listRunningClasses(): Promise<ClassRecord[]> {
    const rows = this.#db.prepare(`SELECT ${CLASS_COLUMNS} FROM classes WHERE ended_at IS NULL`).all()
    return (rows as unknown as ClassRow[]).map(toClass)
  }

  async putMember(member: Member): Promise<void> {
    this.#db
      .prepare(
        `INSERT INTO members (${MEMBER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET session_id = excluded.session_id, session_unclaimed = excluded.session_unclaimed,
           last_active_at = excluded.last_active_at, current_lesson_id = excluded.current_lesson_id`,
      )
      .run(...toMemberValues(member))
  }

  async recordVisit(memberId: string, lessonId: string, at: number): Promise<void> {
    this.#db.prepare('UPDATE members SET current_lesson_id = ?, last_active_at = ? WHERE id = ?').run(lessonId, at, memberId)
  }

  async claimSession(memberId: string): Promise<string | null> {
    const row = this.#db
      .prepare('UPDATE members SET session_unclaimed = 0 WHERE id = ? AND session_unclaimed = 1 RETURNING session_id')
      .get(memberId) as { session_id: string | null } | undefined
    return row?.session_id ?? null
  }

  async getMember(id: string): Promise<Member | undefined> {
    const row = this.#db.prepare(`SELECT ${MEMBER_COLUMNS} FROM members WHERE id = ?`).get(id) as MemberRow | undefined
    return row && toMember(row)
  }

  async listMembers(classId: string): Promise<Member[]> {
    const rows = this.#db.prepare(`SELECT ${MEMBER_COLUMNS} FROM members WHERE class_id = ? ORDER BY joined_at, id`).all(classId)
    return (rows as unknown as MemberRow[]).map(toMember)
  }

  async findMemberBySession(sessionId: string): Promise<Member | undefined> {
    const row = this.#db.prepare(`SELECT ${MEMBER_COLUMNS} FROM members WHERE session_id = ?`).get(sessionId) as MemberRow | undefined
    return row && toMember(row)
  }

  async recordAttempt(memberId: string, lessonId: string, exerciseId: string, passed: boolean, at: number): Promise<void> {
    this.#db
      .prepare(
        `INSERT INTO exercise_results (member_id, lesson_id, exercise_id, status, attempts, last_at) VALUES (?, ?, ?, ?, 1, ?)
         ON CONFLICT (member_id, lesson_id, exercise_id) DO UPDATE SET attempts = exercise_results.attempts + 1,
           last_at = excluded.last_at,
           status = CASE WHEN exercise_results.status = 'passed' THEN 'passed' ELSE excluded.status END`,
      )
      .run(memberId, lessonId, exerciseId, passed ? 'passed' : 'failed', at)
  }

  async listResults(classId: string): Promise<ExerciseResult[]> {
    const rows = this.#db
      .prepare(
        `SELECT r.member_id, r.lesson_id, r.exercise_id, r.status, r.attempts, r.last_at
         FROM exercise_results r JOIN members m ON m.id = r.member_id WHERE m.class_id = ? ORDER BY m.joined_at, r.lesson_id, r.exercise_id`,
      )
      .all(classId) as unknown as ResultRow[]
    return rows.map(toResult)
  }

  async addMessage(classId: string, text: string, at: number): Promise<BroadcastMessage> {
    const { lastInsertRowid } = this.#db.prepare('INSERT INTO class_messages (class_id, text, at) VALUES (?, ?, ?)').run(classId, text, at)
    return { id: Number(lastInsertRowid), classId, text, at }
  }

  async listMessages(classId: string): Promise<BroadcastMessage[]> {
    const rows = this.#db.prepare('SELECT id, class_id, text, at FROM class_messages WHERE class_id = ? ORDER BY id').all(classId) as unknown as {
      id: number
      class_id: string
      text: string
      at: number
    }[]
    return rows.map((row) => ({ id: row.id, classId: row.class_id, text: row.text, at: row.at }))
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close()
  }
}
