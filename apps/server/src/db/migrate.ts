import type Database from 'better-sqlite3'
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Migrations are the `NNN_name.sql` files in ./migrations, applied once each in file-name
 * order inside one transaction per file and recorded in `schema_migrations`. To add tables
 * (jobs, shares, …) drop a new file numbered above every other; never edit an applied one.
 * A fresh database and an upgraded one must end the same, so a file that sorts before one
 * already applied is refused (it would run after it here, before it on a fresh database),
 * as are two files with the same number.
 */
export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations')

/**
 * Files added after a higher-numbered one: databases of that time applied each right after the
 * file it maps to. Either order ends in the same schema (migrate.test.ts checks it), so such a
 * file is let through.
 */
export const ADDED_LATE: ReadonlyMap<string, string> = new Map([
  ['002_container_counters.sql', '020_jobs_shares.sql'],
])

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
  const files = migrationFiles(dir)
  const last = [...done].sort().at(-1)
  const late = files.find(
    (f) => !done.has(f) && last !== undefined && f < last && !ADDED_LATE.has(f),
  )
  if (late) {
    throw new Error(
      `migration ${late} sorts before ${last}, which this database already has: renumber it above every applied migration`,
    )
  }
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

/** The migration files of `dir` in the order they apply; two with one number are an error. */
export function migrationFiles(dir: string = MIGRATIONS_DIR): string[] {
  const files = readdirSync(dir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort()
  const number = (f: string) => f.slice(0, f.indexOf('_'))
  const twin = files.find((f, i) => i > 0 && number(f) === number(files[i - 1]!))
  if (twin) throw new Error(`two migrations numbered ${number(twin)} in ${dir}: renumber one`)
  return files
}
