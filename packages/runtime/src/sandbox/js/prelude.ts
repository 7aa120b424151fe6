/**
 * Guest-side half of the js image, evaluated in every fresh QuickJS context before the
 * program. It is a function expression called with the host object (never reachable from
 * the program afterwards) and the instance info. It installs `zerolab`, `QuotaError` and a
 * seeded `Math.random`; `console`, `Date` and the timer globals are getters that compile
 * their part (fetched with `host.source`) on first use, which keeps spawning cheap. It
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
} as const

export const PRELUDE = `(function (host, info) {
  'use strict'
  const g = globalThis
  const def = (o, k, v) => Object.defineProperty(o, k, { value: v, writable: true, configurable: true, enumerable: false })
  const geval = g.eval
  const U8 = Uint8Array
  const AB = ArrayBuffer
  const S = String

  class QuotaError extends Error {
    constructor(message) { super(message); this.name = 'QuotaError' }
  }
  def(g, 'QuotaError', QuotaError)

  // Thrown by zerolab.exit; the host also stops the program at its next interrupt check.
  const EXIT = Object.freeze({ toString() { return 'exit' } })

  function fail(code, channel) {
    switch (code) {
      case ${HOST_ERRORS.quota}: throw new QuotaError('quota exceeded on channel ' + channel)
      case ${HOST_ERRORS.noChannel}: throw new Error('no such channel: ' + channel)
      case ${HOST_ERRORS.notReadable}: throw new Error('channel is not readable: ' + channel)
      case ${HOST_ERRORS.notWritable}: throw new Error('channel is not writable: ' + channel)
      case ${HOST_ERRORS.exited}: throw EXIT
      default: throw new Error('channel operation failed: ' + channel)
    }
  }

  function bytesOf(data) {
    if (data instanceof U8) return data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data.buffer : data.slice().buffer
    if (data instanceof AB) return data
    if (AB.isView(data)) return new U8(data.buffer, data.byteOffset, data.byteLength).slice().buffer
    return null
  }

  function write(channel, data) {
    const ch = S(channel)
    const bytes = typeof data === 'string' ? null : bytesOf(data)
    const r = host.write(ch, bytes === null ? S(data) : bytes)
    if (r < 0) fail(r, ch)
  }

  def(g, 'zerolab', Object.freeze({
    name: info.name,
    args: info.args,
    env: info.env,
    read(channel) {
      const ch = S(channel)
      const r = host.read(ch)
      if (typeof r === 'number') fail(r, ch)
      return r
    },
    readBytes(channel) {
      const ch = S(channel)
      const r = host.readBytes(ch)
      if (typeof r === 'number') fail(r, ch)
      return new U8(r)
    },
    write,
    list(dir) {
      return JSON.parse(host.list(dir === undefined ? '' : S(dir)))
    },
    exit(code) {
      host.exit(code === undefined ? 0 : Number(code) | 0)
      throw EXIT
    },
  }))

  // Seeded Math.random: the host hands over the PRNG's u32 stream in batches.
  let pool = null
  let at = 0
  def(Math, 'random', function random() {
    if (pool === null || at >= pool.length) { pool = new Uint32Array(host.random()); at = 0 }
    return pool[at++] / 4294967296
  })

  function lazy(names, build) {
    let built = null
    const get = () => {
      if (built === null) {
        built = build()
        for (const n of names) def(g, n, built[n])
      }
      return built
    }
    for (const n of names) {
      Object.defineProperty(g, n, {
        configurable: true,
        enumerable: false,
        get() { return get()[n] },
        set(v) { get(); def(g, n, v) },
      })
    }
  }
  const RealDate = Date
  lazy(['console'], () => ({ console: geval(host.source('console'))(write) }))
  lazy(['Date'], () => ({ Date: geval(host.source('date'))(RealDate, info.epochMs) }))
  let timers = null
  lazy(['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'queueMicrotask'], () => (timers = geval(host.source('timers'))()))
  return function runNextTimer() {
    return timers !== null && timers.runNext()
  }
})`
