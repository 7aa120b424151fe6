/**
 * The guest's `Date`, compiled on first use of the global: "now" is the fixed epoch and
 * local time is UTC (QuickJS would otherwise read the host's time zone), so neither the
 * host clock nor its zone leaks. Called with the real Date and the epoch; returns the
 * replacement constructor (which shares the real prototype, patched).
 */
export const DATE_SOURCE = `(function (RealDate, EPOCH) {
  'use strict'
  const S = String
  const P = RealDate.prototype
  const def = (o, k, v) => Object.defineProperty(o, k, { value: v, writable: true, configurable: true, enumerable: false })
  function parseUTC(s) {
    s = S(s)
    const t = RealDate.parse(s)
    if (t !== t) return t
    const z = RealDate.parse(s + 'Z')
    if (z === z) return z
    const gmt = RealDate.parse(s + ' GMT')
    return gmt === gmt ? gmt : t
  }
  function Date(...a) {
    if (new.target === undefined) return P.toString.call(new RealDate(EPOCH))
    if (a.length === 0) a = [EPOCH]
    else if (a.length >= 2) a = [RealDate.UTC(...a)]
    else if (typeof a[0] === 'string') a = [parseUTC(a[0])]
    return Reflect.construct(RealDate, a, new.target)
  }
  Object.defineProperty(Date, 'length', { value: 7 })
  Object.defineProperty(Date, 'prototype', { value: P })
  def(Date, 'now', function now() { return EPOCH })
  def(Date, 'parse', function parse(s) { return parseUTC(s) })
  def(Date, 'UTC', RealDate.UTC)
  def(P, 'constructor', Date)
  for (const n of ['FullYear', 'Month', 'Date', 'Day', 'Hours', 'Minutes', 'Seconds', 'Milliseconds']) {
    def(P, 'get' + n, P['getUTC' + n])
    if (n !== 'Day') def(P, 'set' + n, P['setUTC' + n])
  }
  const getTime = P.getTime
  const valid = (d) => { const t = getTime.call(d); return t === t }
  def(P, 'getTimezoneOffset', function getTimezoneOffset() { return valid(this) ? 0 : NaN })
  def(P, 'getYear', function getYear() { return P.getUTCFullYear.call(this) - 1900 })
  def(P, 'setYear', function setYear(y) { y = Number(y); return P.setUTCFullYear.call(this, y >= 0 && y <= 99 ? 1900 + y : y) })
  const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
  const p2 = (n) => (n < 10 ? '0' : '') + n
  const year = (y) => (y < 0 ? '-' + S(-y).padStart(6, '0') : S(y).padStart(4, '0'))
  function dateString() {
    if (!valid(this)) return 'Invalid Date'
    return DAYS[P.getUTCDay.call(this)] + ' ' + MONTHS[P.getUTCMonth.call(this)] + ' ' + p2(P.getUTCDate.call(this)) + ' ' + year(P.getUTCFullYear.call(this))
  }
  function timeString() {
    if (!valid(this)) return 'Invalid Date'
    return p2(P.getUTCHours.call(this)) + ':' + p2(P.getUTCMinutes.call(this)) + ':' + p2(P.getUTCSeconds.call(this)) + ' GMT+0000'
  }
  function localeDate() {
    if (!valid(this)) return 'Invalid Date'
    return p2(P.getUTCMonth.call(this) + 1) + '/' + p2(P.getUTCDate.call(this)) + '/' + year(P.getUTCFullYear.call(this))
  }
  function localeTime() {
    if (!valid(this)) return 'Invalid Date'
    const h = P.getUTCHours.call(this)
    return p2(h % 12 === 0 ? 12 : h % 12) + ':' + p2(P.getUTCMinutes.call(this)) + ':' + p2(P.getUTCSeconds.call(this)) + (h < 12 ? ' AM' : ' PM')
  }
  def(P, 'toDateString', dateString)
  def(P, 'toTimeString', timeString)
  def(P, 'toString', function toString() { return valid(this) ? dateString.call(this) + ' ' + timeString.call(this) : 'Invalid Date' })
  def(P, 'toLocaleDateString', localeDate)
  def(P, 'toLocaleTimeString', localeTime)
  def(P, 'toLocaleString', function toLocaleString() { return valid(this) ? localeDate.call(this) + ', ' + localeTime.call(this) : 'Invalid Date' })
  return Date
})`
