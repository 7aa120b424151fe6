import type { Db } from './openDb.ts'
import { prep } from './prep.ts'

export interface WorkshopRow {
  id: string
  account: string
  owner: string
  title: string
  lesson: string
  read_c: string
  write_c: string
  created_ms: number
  closed_ms: number | null
}

export interface WorkshopStudentRow {
  workshop: string
  user: string
  joined_ms: number
}

export class WorkshopsRepo {
  constructor(private readonly db: Db) {}

  insert(r: WorkshopRow): void {
    prep(
      this.db,
      `INSERT INTO workshops (id, account, owner, title, lesson, read_c, write_c, created_ms, closed_ms)
       VALUES (@id, @account, @owner, @title, @lesson, @read_c, @write_c, @created_ms, @closed_ms)`,
    ).run(r)
  }

  get(id: string): WorkshopRow | undefined {
    return prep(this.db, 'SELECT * FROM workshops WHERE id = ?').get(id) as WorkshopRow | undefined
  }

  /** The account's workshops, newest first. */
  list(account: string, limit: number): WorkshopRow[] {
    return prep(
      this.db,
      'SELECT * FROM workshops WHERE account = ? ORDER BY created_ms DESC, id DESC LIMIT ?',
    ).all(account, limit) as WorkshopRow[]
  }

  countOpen(account: string): number {
    return prep(this.db, 'SELECT COUNT(*) FROM workshops WHERE account = ? AND closed_ms IS NULL')
      .pluck()
      .get(account) as number
  }

  close(id: string, ms: number): void {
    prep(this.db, 'UPDATE workshops SET closed_ms = ? WHERE id = ? AND closed_ms IS NULL').run(
      ms,
      id,
    )
  }

  addStudent(r: WorkshopStudentRow): void {
    prep(
      this.db,
      'INSERT INTO workshop_students (workshop, user, joined_ms) VALUES (@workshop, @user, @joined_ms)',
    ).run(r)
  }

  students(workshop: string): WorkshopStudentRow[] {
    return prep(
      this.db,
      'SELECT * FROM workshop_students WHERE workshop = ? ORDER BY joined_ms, user',
    ).all(workshop) as WorkshopStudentRow[]
  }

  countStudents(workshop: string): number {
    return prep(this.db, 'SELECT COUNT(*) FROM workshop_students WHERE workshop = ?')
      .pluck()
      .get(workshop) as number
  }
}
