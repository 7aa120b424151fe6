const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Node hands header values over as Latin-1 (one char per byte). Swift treats header bytes as
 * UTF-8, so a value that is valid UTF-8 is decoded as such (`Ã©` → `é`); anything else is kept
 * as it came.
 */
/** The highest char code in `v`. */
function top(v: string): number {
  let m = 0
  for (let i = 0; i < v.length; i++) m = Math.max(m, v.charCodeAt(i))
  return m
}

export function fromWire(v: string): string {
  const t = top(v)
  if (t < 0x80 || t > 0xff) return v
  try {
    return utf8.decode(Buffer.from(v, 'latin1'))
  } catch {
    return v
  }
}

/** The Latin-1 form Node writes byte for byte, so `é` goes out as the UTF-8 bytes C3 A9. */
export function toWire(v: string): string {
  return top(v) < 0x80 ? v : Buffer.from(v, 'utf8').toString('latin1')
}

/** A request header as text (UTF-8 decoded), or null. */
export function header(h: Headers, name: string): string | null {
  const v = h.get(name)
  return v === null ? null : fromWire(v)
}
