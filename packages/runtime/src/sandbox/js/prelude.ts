/**
 * Guest-side half of the js image, evaluated in every fresh QuickJS context before the
 * program. It is a function expression called with the host object (never reachable from
 * the program afterwards) and the instance info. It installs `zerolab`, `QuotaError`,
 * `console` and a seeded `Math.random`; `Date`, the timer globals and console's value
 * formatting compile their part (fetched with `host.source`) on first use, which keeps
 * spawning cheap. It
 * returns the timer pump the host drives after the script: it runs the next due timer and
 * answers whether there was one.
 *
 * Host calls answer a negative number instead of throwing; the codes are HOST_ERRORS.
 */
export const HOST_ERRORS = {
  quota: -1,
  noChannel: -2,
  notReadable: -3,
  notWritable: -4,
  exited: -5,
  internal: -6,
  io: -7,
} as const

export const PRELUDE = `(function (host, info) {
  'use strict'
  const g = globalThis, S = String, U8 = Uint8Array, AB = ArrayBuffer, geval = g.eval
  const def = (o, k, v) => Object.defineProperty(o, k, { value: v, writable: true, configurable: true })

  class QuotaError extends Error {
    constructor(message) { super(message); this.name = 'QuotaError' }
  }
  def(g, 'QuotaError', QuotaError)
  // Thrown by zerolab.exit; the host also stops the program at its next interrupt check.
  const EXIT = Object.freeze({ toString: () => 'exit' })
  const MESSAGES = ['no such channel: ', 'channel is not readable: ', 'channel is not writable: ']
  const check = (r, ch) => {
    if (typeof r !== 'number' || r >= 0) return r
    if (r === ${HOST_ERRORS.quota}) throw new QuotaError('quota exceeded on channel ' + ch)
    if (r === ${HOST_ERRORS.exited}) throw EXIT
    throw new Error((MESSAGES[${HOST_ERRORS.noChannel} - r] || 'channel operation failed: ') + ch)
  }
  const bytes = (d) => (d.byteOffset === 0 && d.byteLength === d.buffer.byteLength ? d.buffer : new U8(d.buffer, d.byteOffset, d.byteLength).slice().buffer)
  function write(ch, data) {
    ch = S(ch)
    check(host.write(ch, typeof data === 'string' || data instanceof AB ? data : AB.isView(data) ? bytes(data) : S(data)), ch)
  }

  def(g, 'zerolab', Object.freeze({
    name: info.name,
    args: info.args,
    env: info.env,
    read: (ch) => check(host.read(S(ch)), ch),
    readBytes: (ch) => new U8(check(host.readBytes(S(ch)), ch)),
    readChunk: (ch, n) => new U8(check(host.readChunk(S(ch), n === undefined ? 0 : Number(n)), ch)),
    lines: function* lines(ch) {
      ch = S(ch)
      for (;;) {
        const text = check(host.readLines(ch), ch)
        if (text === '') return
        const parts = text.split('\\n')
        if (parts[parts.length - 1] === '') parts.pop()
        let used = 0
        try {
          while (used < parts.length) yield parts[used++]
        } finally {
          // Left early (break, throw): the lines not taken go back, for the next read.
          if (used < parts.length) host.unreadLines(ch, used)
        }
      }
    },
    write,
    list: (dir) => JSON.parse(host.list(dir === undefined ? '' : S(dir))),
    exit(code) {
      host.exit(code === undefined ? 0 : Number(code) | 0)
      throw EXIT
    },
  }))

  let show = null
  const fmt = (v) => (typeof v === 'string' ? v : (show ??= geval(host.source('inspect'))())(v, 0))
  const line = (args) => {
    let s = ''
    for (let i = 0; i < args.length; i++) s += (i === 0 ? '' : ' ') + fmt(args[i])
    return s + '\\n'
  }
  const out = function () { write('/dev/stdout', line(arguments)) }
  const err = function () { write('/dev/stderr', line(arguments)) }
  def(g, 'console', Object.freeze({ log: out, info: out, debug: out, error: err, warn: err, trace: err }))

  // Seeded Math.random: the host hands over the PRNG's u32 stream in batches.
  let pool = null, at = 0
  def(Math, 'random', function random() {
    if (pool === null || at >= pool.length) { pool = new Uint32Array(host.random()); at = 0 }
    return pool[at++] / 4294967296
  })

  const lazy = (names, build) => {
    let built = null
    const get = () => {
      if (built === null) { built = build(); for (const n of names) def(g, n, built[n]) }
      return built
    }
    for (const n of names) Object.defineProperty(g, n, { configurable: true, get: () => get()[n], set(v) { get(); def(g, n, v) } })
  }
  const RealDate = Date
  let timers = null
  lazy(['Date'], () => ({ Date: geval(host.source('date'))(RealDate, info.epochMs) }))
  lazy(['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'queueMicrotask'], () => (timers = geval(host.source('timers'))()))
  return function runNextTimer() {
    return timers !== null && timers.runNext()
  }
})`
