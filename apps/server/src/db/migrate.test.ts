import Database from 'better-sqlite3'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { migrate } from './migrate.ts'
import { openDb } from './openDb.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

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
