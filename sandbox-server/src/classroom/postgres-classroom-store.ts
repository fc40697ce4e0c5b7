/**
 * @module Classroom workshops in PostgreSQL (when `DATABASE_URL` is set): the SQLite store's
 * migrations (`CLASSROOM_MIGRATIONS`), rows and rules on the shared pool. Text is ordered byte by
 * byte (`COLLATE "C"`), as SQLite does, whatever collation the operator's database has.
 */
import { migratePostgres, PostgresStore, type PostgresDatabase } from '../sessions/postgres-database.ts'
import {
  CLASS_COLUMNS,
  CLASSROOM_MIGRATIONS,
  MEMBER_COLUMNS,
  toClass,
  toClassValues,
  toMember,
  toMemberValues,
  toResult,
  type BroadcastMessage,
  type ClassRecord,
  type ClassRow,
  type ClassroomStore,
  type ExerciseResult,
  type Instructor,
  type InstructorToken,
  type Member,
  type MemberRow,
  type ResultRow,
} from './store.ts'

/** A ClassroomStore in PostgreSQL. */
export class PostgresClassroomStore extends PostgresStore implements ClassroomStore {
  /** Migrates the classroom tables of `database` and answers a store on it. */
  static async open(database: PostgresDatabase): Promise<PostgresClassroomStore> {
    await migratePostgres(database, CLASSROOM_MIGRATIONS, 'classroom_migrations')
    return new PostgresClassroomStore(database)
  }

  async putInstructor({ name, passwordHash }: Instructor): Promise<void> {
    await this.rows(
      'INSERT INTO instructors (name, password_hash) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash',
      [name, passwordHash],
    )
  }

  async getInstructor(name: string): Promise<Instructor | undefined> {
    const [row] = await this.rows<{ name: string; password_hash: string }>('SELECT name, password_hash FROM instructors WHERE name = $1', [name])
    return row && { name: row.name, passwordHash: row.password_hash }
  }

  async countInstructors(): Promise<number> {
    const [row] = await this.rows<{ n: number }>('SELECT COUNT(*) AS n FROM instructors')
    return row?.n ?? 0
  }

  async putInstructorToken({ tokenHash, instructor, expiresAt }: InstructorToken): Promise<void> {
    await this.rows('INSERT INTO instructor_tokens (token_hash, instructor, expires_at) VALUES ($1, $2, $3)', [tokenHash, instructor, expiresAt])
  }

  async getInstructorToken(tokenHash: string): Promise<InstructorToken | undefined> {
    const [row] = await this.rows<{ token_hash: string; instructor: string; expires_at: number }>(
      'SELECT token_hash, instructor, expires_at FROM instructor_tokens WHERE token_hash = $1',
      [tokenHash],
    )
    return row && { tokenHash: row.token_hash, instructor: row.instructor, expiresAt: row.expires_at }
  }

  async deleteExpiredInstructorTokens(now: number): Promise<void> {
    await this.rows('DELETE FROM instructor_tokens WHERE expires_at <= $1', [now])
  }

  async putClass(record: ClassRecord): Promise<void> {
    await this.rows(
      `INSERT INTO classes (${CLASS_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, lesson_ids = excluded.lesson_ids, capacity = excluded.capacity,
         ends_at = excluded.ends_at, ended_at = excluded.ended_at`,
      toClassValues(record),
    )
  }

  async getClass(id: string): Promise<ClassRecord | undefined> {
    const [row] = await this.rows<ClassRow>(`SELECT ${CLASS_COLUMNS} FROM classes WHERE id = $1`, [id])
    return row && toClass(row)
  }

  async findRunningClassByCode(joinCode: string): Promise<ClassRecord | undefined> {
    const [row] = await this.rows<ClassRow>(`SELECT ${CLASS_COLUMNS} FROM classes WHERE join_code = $1 AND ended_at IS NULL`, [joinCode])
    return row && toClass(row)
  }

  async listClasses(instructor: string): Promise<ClassRecord[]> {
    const rows = await this.rows<ClassRow>(`SELECT ${CLASS_COLUMNS} FROM classes WHERE instructor = $1 ORDER BY created_at DESC`, [instructor])
    return rows.map(toClass)
  }

  async listRunningClasses(): Promise<ClassRecord[]> {
    return (await this.rows<ClassRow>(`SELECT ${CLASS_COLUMNS} FROM classes WHERE ended_at IS NULL`)).map(toClass)
  }

  async putMember(member: Member): Promise<void> {
    await this.rows(
      `INSERT INTO members (${MEMBER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (id) DO UPDATE SET session_id = excluded.session_id, session_unclaimed = excluded.session_unclaimed,
         last_active_at = excluded.last_active_at, current_lesson_id = excluded.current_lesson_id`,
      toMemberValues(member),
    )
  }

  async recordVisit(memberId: string, lessonId: string, at: number): Promise<void> {
    await this.rows('UPDATE members SET current_lesson_id = $1, last_active_at = $2 WHERE id = $3', [lessonId, at, memberId])
  }

  async claimSession(memberId: string): Promise<string | null> {
    const [row] = await this.rows<{ session_id: string | null }>(
      'UPDATE members SET session_unclaimed = 0 WHERE id = $1 AND session_unclaimed = 1 RETURNING session_id',
      [memberId],
    )
    return row?.session_id ?? null
  }

  async getMember(id: string): Promise<Member | undefined> {
    const [row] = await this.rows<MemberRow>(`SELECT ${MEMBER_COLUMNS} FROM members WHERE id = $1`, [id])
    return row && toMember(row)
  }

  async listMembers(classId: string): Promise<Member[]> {
    const rows = await this.rows<MemberRow>(`SELECT ${MEMBER_COLUMNS} FROM members WHERE class_id = $1 ORDER BY joined_at, id COLLATE "C"`, [classId])
    return rows.map(toMember)
  }

  async findMemberBySession(sessionId: string): Promise<Member | undefined> {
    const [row] = await this.rows<MemberRow>(`SELECT ${MEMBER_COLUMNS} FROM members WHERE session_id = $1`, [sessionId])
    return row && toMember(row)
  }

  async recordAttempt(memberId: string, lessonId: string, exerciseId: string, passed: boolean, at: number): Promise<void> {
    await this.rows(
      `INSERT INTO exercise_results (member_id, lesson_id, exercise_id, status, attempts, last_at) VALUES ($1, $2, $3, $4, 1, $5)
       ON CONFLICT (member_id, lesson_id, exercise_id) DO UPDATE SET attempts = exercise_results.attempts + 1,
         last_at = excluded.last_at,
         status = CASE WHEN exercise_results.status = 'passed' THEN 'passed' ELSE excluded.status END`,
      [memberId, lessonId, exerciseId, passed ? 'passed' : 'failed', at],
    )
  }

  async listResults(classId: string): Promise<ExerciseResult[]> {
    const rows = await this.rows<ResultRow>(
      `SELECT r.member_id, r.lesson_id, r.exercise_id, r.status, r.attempts, r.last_at
       FROM exercise_results r JOIN members m ON m.id = r.member_id WHERE m.class_id = $1
       ORDER BY m.joined_at, r.lesson_id COLLATE "C", r.exercise_id COLLATE "C"`,
      [classId],
    )
    return rows.map(toResult)
  }

  async addMessage(classId: string, text: string, at: number): Promise<BroadcastMessage> {
    const [row] = await this.rows<{ id: number }>('INSERT INTO class_messages (class_id, text, at) VALUES ($1, $2, $3) RETURNING id', [
      classId,
      text,
      at,
    ])
    if (row === undefined) throw new Error('INSERT … RETURNING answered no row')
    return { id: row.id, classId, text, at }
  }

  async listMessages(classId: string): Promise<BroadcastMessage[]> {
    const rows = await this.rows<{ id: number; class_id: string; text: string; at: number }>(
      'SELECT id, class_id, text, at FROM class_messages WHERE class_id = $1 ORDER BY id',
      [classId],
    )
    return rows.map((row) => ({ id: row.id, classId: row.class_id, text: row.text, at: row.at }))
  }
}
