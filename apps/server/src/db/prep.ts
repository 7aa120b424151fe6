import type { Statement } from 'better-sqlite3'
import type { Db } from './openDb.ts'

const cache = new WeakMap<Db, Map<string, Statement>>()

/** `db.prepare(sql)`, compiled once per database and SQL text. */
export function prep(db: Db, sql: string): Statement {
  let m = cache.get(db)
  if (!m) cache.set(db, (m = new Map()))
  let s = m.get(sql)
  if (!s) m.set(sql, (s = db.prepare(sql)))
  return s
}
