/**
 * Deterministic timers, compiled on first use of any timer global. They run on a logical
 * clock in (due time, creation) order after the script, with promise jobs drained between
 * timers. Returns the globals and `runNext`, which runs the next due timer and answers
 * whether there was one.
 */
export const TIMERS_SOURCE = `(function () {
  'use strict'
  const timers = new Map()
  let nextId = 1
  let seq = 0
  let clock = 0
  function add(fn, ms, args, repeat) {
    if (typeof fn !== 'function') throw new TypeError('callback is not a function')
    const id = nextId++
    const delay = Math.max(0, Number(ms) || 0)
    timers.set(id, { id, seq: seq++, due: clock + delay, fn, args, repeat: repeat ? Math.max(1, delay) : 0 })
    return id
  }
  const clear = function (id) { timers.delete(id) }
  return {
    setTimeout: function setTimeout(fn, ms, ...args) { return add(fn, ms, args, false) },
    setInterval: function setInterval(fn, ms, ...args) { return add(fn, ms, args, true) },
    clearTimeout: clear,
    clearInterval: clear,
    queueMicrotask: function queueMicrotask(fn) {
      if (typeof fn !== 'function') throw new TypeError('callback is not a function')
      Promise.resolve().then(() => fn())
    },
    runNext() {
      let next = null
      for (const t of timers.values()) if (next === null || t.due < next.due || (t.due === next.due && t.seq < next.seq)) next = t
      if (next === null) return false
      clock = next.due
      if (next.repeat > 0) { next.due = clock + next.repeat; next.seq = seq++ }
      else timers.delete(next.id)
      next.fn(...next.args)
      return true
    },
  }
})`
