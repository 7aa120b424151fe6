import Database from 'better-sqlite3'
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ADDED_LATE, MIGRATIONS_DIR, migrate, migrationFiles } from './migrate.ts'
import { openDb } from './openDb.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'zerolab-mig-'))
  dirs.push(dir)
  return dir
}

/** Everything the migrations built, as SQLite records it (column order included). */
function schemaOf(db: Database.Database): unknown[] {
  return db
    .prepare(
      "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )
    .all()
}

describe('migrate', () => {
  it('applies NNN_*.sql files once each, in file-name order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zerolab-mig-'))
    dirs.push(dir)
    writeFileSync(join(dir, '010_b.sql'), 'INSERT INTO t (v) VALUES (2);')
    writeFileSync(join(dir, '002_a.sql'), 'CREATE TABLE t (v INTEGER);')
    writeFileSync(join(dir, 'notes.txt'), 'ignored')
    const db = new Database(':memory:')
    expect(migrate(db, dir)).toEqual(['002_a.sql', '010_b.sql'])
    expect(migrate(db, dir)).toEqual([])
    writeFileSync(join(dir, '011_c.sql'), 'INSERT INTO t (v) VALUES (3);')
    expect(migrate(db, dir)).toEqual(['011_c.sql'])
    expect(db.prepare('SELECT v FROM t ORDER BY v').pluck().all()).toEqual([2, 3])
  })

  it('rolls a failing file back whole and applies nothing after it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zerolab-mig-'))
    dirs.push(dir)
    writeFileSync(join(dir, '001_ok.sql'), 'CREATE TABLE t (v INTEGER);')
    writeFileSync(
      join(dir, '002_bad.sql'),
      'INSERT INTO t (v) VALUES (1); INSERT INTO nope VALUES (1);',
    )
    writeFileSync(join(dir, '003_next.sql'), 'INSERT INTO t (v) VALUES (3);')
    const db = new Database(':memory:')
    expect(() => migrate(db, dir)).toThrow(/nope/)
    expect(db.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(0)
    expect(db.prepare('SELECT name FROM schema_migrations').pluck().all()).toEqual(['001_ok.sql'])
  })

  it('refuses a file that sorts before one the database already has', () => {
    const dir = tempDir()
    writeFileSync(join(dir, '001_a.sql'), 'CREATE TABLE t (v INTEGER);')
    writeFileSync(join(dir, '010_b.sql'), 'ALTER TABLE t ADD COLUMN b INTEGER;')
    const db = new Database(':memory:')
    migrate(db, dir)
    writeFileSync(join(dir, '005_c.sql'), 'ALTER TABLE t ADD COLUMN c INTEGER;')
    expect(() => migrate(db, dir)).toThrow(
      'migration 005_c.sql sorts before 010_b.sql, which this database already has',
    )
    expect(db.prepare('SELECT name FROM schema_migrations').pluck().all()).toEqual([
      '001_a.sql',
      '010_b.sql',
    ])
  })

  it('refuses two files with one number', () => {
    const dir = tempDir()
    writeFileSync(join(dir, '030_a.sql'), 'CREATE TABLE a (v INTEGER);')
    writeFileSync(join(dir, '030_b.sql'), 'CREATE TABLE b (v INTEGER);')
    expect(() => migrate(new Database(':memory:'), dir)).toThrow('two migrations numbered 030')
  })

  it('the real migrations: one file per number, and a late-added one ends as a fresh database does', () => {
    const files = migrationFiles()
    expect(files.length).toBeGreaterThan(3)
    const fresh = new Database(':memory:')
    migrate(fresh)
    for (const [late, after] of ADDED_LATE) {
      expect(files).toContain(late)
      // Upgraded: the files up to `after`, then `late`, then the rest, as databases of that time.
      const dir = tempDir()
      const upgraded = new Database(':memory:')
      const step = (names: string[]) => {
        for (const f of names) copyFileSync(join(MIGRATIONS_DIR, f), join(dir, f))
        expect(migrate(upgraded, dir)).toEqual(names)
      }
      step(files.filter((f) => f <= after && f !== late))
      step([late])
      step(files.filter((f) => f > after))
      expect(schemaOf(upgraded)).toEqual(schemaOf(fresh))
    }
  })

  it('opens the real schema in WAL mode', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zerolab-mig-'))
    dirs.push(dir)
    const db = openDb(join(dir, 'z.db'))
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()
    expect(tables).toEqual(
      expect.arrayContaining(['accounts', 'containers', 'objects', 'users', 'tokens']),
    )
    db.close()
  })
})
