/**
 * How `console` shows a value that is not a string, compiled on the first such value:
 * roughly as Node does (`[ 1, "x" ]`, `{ a: 1 }`, `Map(1) { 1 => 2 }`, errors with stack).
 */
export const INSPECT_SOURCE = `(function () {
  'use strict'
  const S = String
  function show(v, depth) {
    if (typeof v === 'string') return depth === 0 ? v : JSON.stringify(v)
    if (v instanceof Error) return v.stack ? v.name + ': ' + v.message + '\\n' + v.stack.replace(/\\n$/, '') : v.name + ': ' + v.message
    if (typeof v === 'function') return '[Function ' + (v.name || 'anonymous') + ']'
    if (typeof v !== 'object' || v === null) return typeof v === 'bigint' ? v + 'n' : S(v)
    if (depth > 2) return Array.isArray(v) ? '[Array]' : '[Object]'
    try {
      if (Array.isArray(v)) return '[ ' + v.map((x) => show(x, depth + 1)).join(', ') + ' ]'
      if (v instanceof Uint8Array) return 'Uint8Array(' + v.length + ') [ ' + Array.prototype.slice.call(v, 0, 32).join(', ') + (v.length > 32 ? ', ...' : '') + ' ]'
      if (v instanceof Map) return 'Map(' + v.size + ') { ' + [...v].map(([k, x]) => show(k, depth + 1) + ' => ' + show(x, depth + 1)).join(', ') + ' }'
      if (v instanceof Set) return 'Set(' + v.size + ') { ' + [...v].map((x) => show(x, depth + 1)).join(', ') + ' }'
      if (typeof v.toISOString === 'function') return v.toISOString()
      const keys = Object.keys(v)
      if (keys.length === 0) return '{}'
      return '{ ' + keys.map((k) => (/^[A-Za-z_$][\\w$]*$/.test(k) ? k : JSON.stringify(k)) + ': ' + show(v[k], depth + 1)).join(', ') + ' }'
    } catch (e) {
      return S(v)
    }
  }
  return show
})`
