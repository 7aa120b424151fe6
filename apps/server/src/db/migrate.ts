import type Database from 'better-sqlite3'
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Migrations are the `NNN_name.sql` files in ./migrations, applied once each in file-name
 * order inside one transaction per file and recorded in `schema_migrations`. To add tables
 * (jobs, shares, …) drop a new file with a higher number; never edit an applied one.
 */
export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations')

export function migrate(db: Database.Database, dir: string = MIGRATIONS_DIR): string[] {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_ms INTEGER NOT NULL)',
  )
  const done = new Set(
    db
      .prepare('SELECT name FROM schema_migrations')
      .pluck()
      .all()
      .map((v) => String(v)),
  )
  const files = readdirSync(dir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort()
  const applied: string[] = []
  const record = db.prepare('INSERT INTO schema_migrations (name, applied_ms) VALUES (?, ?)')
  for (const f of files) {
    if (done.has(f)) continue
    const sql = readFileSync(join(dir, f), 'utf8')
    db.transaction(() => {
      db.exec(sql)
      record.run(f, Date.now())
    })()
    applied.push(f)
  }
  return applied
}
