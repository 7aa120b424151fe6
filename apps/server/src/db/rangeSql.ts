/** One listing page: names `> gt` (or `>= gte`), `< lt`, ascending or descending. */
export interface RangeQuery {
  gt?: string | undefined
  gte?: string | undefined
  lt?: string | undefined
  reverse: boolean
  limit: number
}
/**
 * The WHERE/ORDER BY tail of a listing page over `col` (SQLite compares TEXT bytewise, as
 * Swift's brokers do). Each shape of bounds gives its own SQL text, so prepared statements
 * stay few and every one can use the (parent, name) index.
 */
export function rangeSql(
  col: string,
  q: RangeQuery,
): { where: string; order: string; params: Record<string, string | number> } {
  let where = ''
  const params: Record<string, string | number> = { limit: q.limit }
  if (q.gt !== undefined) {
    where += ` AND ${col} > @gt`
    params.gt = q.gt
  }
  if (q.gte !== undefined) {
    where += ` AND ${col} >= @gte`
    params.gte = q.gte
  }
  if (q.lt !== undefined) {
    where += ` AND ${col} < @lt`
    params.lt = q.lt
  }
  return { where, order: `ORDER BY ${col}${q.reverse ? ' DESC' : ''} LIMIT @limit`, params }
}
