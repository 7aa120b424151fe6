/** An undo/redo history of immutable values. Pure; the app store wraps it. */
export interface History<T> {
  past: T[]
  present: T
  future: T[]
  /** Edits with the same key in a row merge into one undo step (e.g. typing in a field). */
  lastKey?: string
}

const LIMIT = 200

export const createHistory = <T>(present: T): History<T> => ({ past: [], present, future: [] })

export function record<T>(h: History<T>, next: T, key?: string): History<T> {
  if (Object.is(next, h.present)) return h
  if (key !== undefined && key === h.lastKey) {
    return { past: h.past, present: next, future: [], lastKey: key }
  }
  const past = [...h.past, h.present].slice(-LIMIT)
  return { past, present: next, future: [], lastKey: key }
}

export function undo<T>(h: History<T>): History<T> {
  const prev = h.past[h.past.length - 1]
  if (prev === undefined) return h
  return { past: h.past.slice(0, -1), present: prev, future: [h.present, ...h.future] }
}

export function redo<T>(h: History<T>): History<T> {
  const next = h.future[0]
  if (next === undefined) return h
  return { past: [...h.past, h.present], present: next, future: h.future.slice(1) }
}

/** Replaces the value and forgets the history (opening another job). */
export const reset = <T>(present: T): History<T> => createHistory(present)
