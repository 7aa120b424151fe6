/**
 * Rewrites the memory section of a core Wasm module so every memory it defines has a
 * maximum of at most `maxPages`. Growth past it then fails inside the guest (memory.grow
 * returns -1, malloc returns NULL) instead of taking the host's memory.
 */

const MEMORY_SECTION = 5

interface Cursor {
  bytes: Uint8Array
  at: number
}

function readU32(c: Cursor): number {
  let result = 0
  let shift = 0
  for (;;) {
    const b = c.bytes[c.at++]
    if (b === undefined) throw new RangeError('truncated LEB128')
    result += (b & 0x7f) * 2 ** shift
    if ((b & 0x80) === 0) return result
    shift += 7
    if (shift > 35) throw new RangeError('LEB128 too long')
  }
}

function writeU32(out: number[], v: number): void {
  do {
    let b = v % 128
    v = Math.floor(v / 128)
    if (v > 0) b |= 0x80
    out.push(b)
  } while (v > 0)
}

export interface CapResult {
  bytes: Uint8Array
  /** Largest initial size (pages) among the defined memories. */
  minPages: number
}

/** Caps defined 32-bit memories; imported, shared and 64-bit memories are left as they are. */
export function capMemory(module: Uint8Array, maxPages: number): CapResult {
  const c: Cursor = { bytes: module, at: 8 }
  let minPages = 0
  while (c.at < module.length) {
    const start = c.at
    const id = module[c.at++]!
    const size = readU32(c)
    const bodyStart = c.at
    const end = bodyStart + size
    if (id !== MEMORY_SECTION) {
      c.at = end
      continue
    }
    const body: number[] = []
    const count = readU32(c)
    writeU32(body, count)
    for (let i = 0; i < count; i++) {
      const flags = readU32(c)
      const min = readU32(c)
      const max = flags & 1 ? readU32(c) : undefined
      minPages = Math.max(minPages, min)
      if (flags > 1) {
        // shared or memory64: keep as is
        writeU32(body, flags)
        writeU32(body, min)
        if (max !== undefined) writeU32(body, max)
        continue
      }
      writeU32(body, 1)
      writeU32(body, min)
      writeU32(body, Math.min(max ?? maxPages, maxPages))
    }
    const header: number[] = [MEMORY_SECTION]
    writeU32(header, body.length)
    const out = new Uint8Array(module.length - (end - start) + header.length + body.length)
    out.set(module.subarray(0, start), 0)
    out.set(header, start)
    out.set(body, start + header.length)
    out.set(module.subarray(end), start + header.length + body.length)
    return { bytes: out, minPages }
  }
  return { bytes: module, minPages }
}
