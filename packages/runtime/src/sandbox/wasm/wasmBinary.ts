import { RUNTIME_CAPS, ZeroLabError } from '@zerolab/shared'

/** Wasm page size. */
export const PAGE = 65536

const TYPE_SECTION = 1
const TABLE_SECTION = 4
const MEMORY_SECTION = 5
const FUNC_TYPE = 0x60
const FUNCREF = 0x70
const EXTERNREF = 0x6f

/** Table entries any module may have without paying for them out of its memory limit. */
const FREE_TABLE_ENTRIES = 65_536

const invalid = (message: string): ZeroLabError => new ZeroLabError('INVALID_MODULE', message)

function readU32(b: Uint8Array, at: number): [value: number, next: number] {
  let v = 0
  let shift = 0
  for (let i = at; i < b.length && shift < 35; i++) {
    const byte = b[i]!
    v += (byte & 0x7f) * 2 ** shift
    if ((byte & 0x80) === 0) return [v, i + 1]
    shift += 7
  }
  throw invalid('malformed LEB128 in module')
}

function writeU32(v: number): number[] {
  const out: number[] = []
  do {
    let byte = v & 0x7f
    v = Math.floor(v / 128)
    if (v !== 0) byte |= 0x80
    out.push(byte)
  } while (v !== 0)
  return out
}

interface Limits {
  min: number
  max: number | undefined
}

interface Section {
  id: number
  start: number
  body: number
  end: number
}

/** The sections of a core module, after checking its header. */
function sections(bytes: Uint8Array): Section[] {
  if (
    bytes.length < 8 ||
    bytes[0] !== 0x00 ||
    bytes[1] !== 0x61 ||
    bytes[2] !== 0x73 ||
    bytes[3] !== 0x6d
  ) {
    throw invalid('not a WebAssembly module (bad magic)')
  }
  if (bytes[4] !== 1 || bytes[5] !== 0 || bytes[6] !== 0 || bytes[7] !== 0) {
    throw invalid('not a core WebAssembly module (a component?)')
  }
  const out: Section[] = []
  for (let at = 8; at < bytes.length;) {
    const id = bytes[at]!
    const [size, body] = readU32(bytes, at + 1)
    const end = body + size
    if (end > bytes.length) throw invalid('truncated module')
    out.push({ id, start: at, body, end })
    at = end
  }
  return out
}

/**
 * Only function types: GC types (struct, array, recursion groups) would let a guest allocate
 * on the host's garbage-collected heap, outside every memory limit.
 */
function checkTypes(bytes: Uint8Array, s: Section): void {
  let [count, at] = readU32(bytes, s.body)
  while (count-- > 0) {
    if (bytes[at] !== FUNC_TYPE) throw invalid('GC types (struct, array, rec) are not allowed')
    at++
    for (let list = 0; list < 2; list++) {
      const [n, next] = readU32(bytes, at)
      at = next
      for (let i = 0; i < n; i++, at++) {
        const t = bytes[at]!
        // i32 i64 f32 f64 v128 funcref externref; typed references are GC-proposal types.
        if (!(t >= 0x7b && t <= 0x7f) && t !== FUNCREF && t !== EXTERNREF)
          throw invalid(`value type 0x${t.toString(16)} is not allowed`)
      }
    }
  }
  if (at !== s.end) throw invalid('malformed type section')
}

function readLimits(bytes: Uint8Array, at: number, what: string): [Limits, number] {
  const flags = bytes[at]!
  if (what === 'memory' && flags & 0x02) throw invalid('shared memory is not allowed')
  if (flags & ~0x01) throw invalid(`64-bit ${what} is not supported`)
  const [min, afterMin] = readU32(bytes, at + 1)
  if (!(flags & 0x01)) return [{ min, max: undefined }, afterMin]
  const [max, afterMax] = readU32(bytes, afterMin)
  return [{ min, max }, afterMax]
}

function readTables(bytes: Uint8Array, s: Section): { type: number; limits: Limits }[] {
  let [count, at] = readU32(bytes, s.body)
  const out: { type: number; limits: Limits }[] = []
  while (count-- > 0) {
    const type = bytes[at]!
    if (type !== FUNCREF && type !== EXTERNREF) throw invalid('unsupported table type')
    const [limits, next] = readLimits(bytes, at + 1, 'table')
    out.push({ type, limits })
    at = next
  }
  if (at !== s.end) throw invalid('malformed table section')
  return out
}

function readMemory(bytes: Uint8Array, s: Section): Limits | undefined {
  const [count, at] = readU32(bytes, s.body)
  if (count === 0) return undefined
  if (count > 1) throw invalid('more than one memory is not allowed')
  const [limits, end] = readLimits(bytes, at, 'memory')
  if (end !== s.end) throw invalid('malformed memory section')
  return limits
}

export interface CappedModule {
  bytes: Uint8Array
  /** Initial pages of the defined memory (0 when none is defined). */
  minPages: number
  /** Most pages the memory may grow to: the limit less what tables reserve. */
  maxPages: number
  /** Entries the tables start with, and may grow to, over all tables. */
  tableEntries: number
  tableMaxEntries: number
  /** Bytes the module needs at instantiation (memory and tables); over the limit it cannot run. */
  needBytes: number
}

/**
 * Makes a core module's host cost fit `memoryBytes`: the memory's maximum is rewritten so
 * `memory.grow` fails (returns -1) past the limit, and so are table maxima (`table.grow`
 * fails). Tables count against the same limit at RUNTIME_CAPS.tableEntryBytes per entry beyond
 * the first 65,536 entries (a table that may grow past that shrinks what memory may grow to);
 * a table without a maximum cannot grow. Rejects (INVALID_MODULE) what could escape the
 * count: shared or 64-bit memory, several memories, GC types, other table encodings.
 */
export function capModule(bytes: Uint8Array, memoryBytes: number): CappedModule {
  const list = sections(bytes)
  let memory: Limits | undefined
  let tables: { type: number; limits: Limits }[] = []
  for (const s of list) {
    if (s.id === TYPE_SECTION) checkTypes(bytes, s)
    else if (s.id === TABLE_SECTION) tables = readTables(bytes, s)
    else if (s.id === MEMORY_SECTION) memory = readMemory(bytes, s)
  }
  const entryBytes = RUNTIME_CAPS.tableEntryBytes
  const costOf = (entries: number): number => Math.max(0, entries - FREE_TABLE_ENTRIES) * entryBytes
  const minPages = memory?.min ?? 0
  const tableMin = tables.reduce((n, t) => n + t.limits.min, 0)
  const needBytes = minPages * PAGE + costOf(tableMin)
  // Tables may grow while their cost fits beside the memory's minimum.
  const fit = FREE_TABLE_ENTRIES + Math.floor((memoryBytes - minPages * PAGE) / entryBytes)
  let left = Math.max(0, fit - tableMin)
  const tableMax = tables.map((t) => {
    const declared = t.limits.max ?? t.limits.min
    const grow = Math.min(declared - t.limits.min, left)
    left -= grow
    return t.limits.min + Math.max(0, grow)
  })
  const tableMaxEntries = tableMax.reduce((n, m) => n + m, 0)
  const maxPages = Math.max(minPages, Math.floor((memoryBytes - costOf(tableMaxEntries)) / PAGE))
  const out = rewrite(
    bytes,
    list,
    (s) => {
      if (s.id === TABLE_SECTION)
        return tables.flatMap((t, i) => [
          t.type,
          0x01,
          ...writeU32(t.limits.min),
          ...writeU32(tableMax[i]!),
        ])
      if (s.id === MEMORY_SECTION && memory)
        return [
          0x01,
          ...writeU32(memory.min),
          ...writeU32(Math.min(memory.max ?? Infinity, maxPages)),
        ]
      return undefined
    },
    tables.length,
  )
  return { bytes: out, minPages, maxPages, tableEntries: tableMin, tableMaxEntries, needBytes }
}

/** Rebuilds the module with new bodies (entries after the count) for the sections `body` returns. */
function rewrite(
  bytes: Uint8Array,
  list: Section[],
  body: (s: Section) => number[] | undefined,
  tableCount: number,
): Uint8Array {
  const parts: Uint8Array[] = [bytes.subarray(0, 8)]
  let size = 8
  let changed = false
  for (const s of list) {
    const entries = body(s)
    let part: Uint8Array
    if (entries === undefined) part = bytes.subarray(s.start, s.end)
    else {
      changed = true
      const count = writeU32(s.id === TABLE_SECTION ? tableCount : 1)
      const content = [...count, ...entries]
      part = new Uint8Array([s.id, ...writeU32(content.length), ...content])
    }
    parts.push(part)
    size += part.length
  }
  if (!changed) return bytes
  const out = new Uint8Array(size)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** `capModule` with a limit of `maxPages` pages, for callers that think in pages. */
export function capMemory(
  bytes: Uint8Array,
  maxPages: number,
): { bytes: Uint8Array; minPages: number } {
  const c = capModule(bytes, maxPages * PAGE)
  return { bytes: c.bytes, minPages: c.minPages }
}
