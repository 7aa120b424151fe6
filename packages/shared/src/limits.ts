import { ZeroLabError } from './errors.ts'

/**
 * Every size a job can ask for, in one place (docs/limits.md lists them with their reasons).
 * Checked before anything is allocated for the job: the raw document by checkJobCaps (called
 * by parseJob), wildcard matches, instances and pipes by the engine's expansion before it
 * builds them. Going over a cap is ZeroLabError('LIMIT_EXCEEDED') naming the JSON path, the
 * cap and the asked value.
 */
export const JOB_CAPS = {
  /** Groups in one job. */
  maxGroups: 256,
  /** Instances in one job after expansion (`count`s and wildcard matches together). */
  maxInstances: 10_000,
  /** Pipes in one job: `connect` wires sources × destinations, plus zvm:// routes. */
  maxPipes: 100_000,
  /** Devices of one group (there are 11 device names; duplicates are rejected anyway). */
  maxDevices: 16,
  /** `connect` entries of one group. */
  maxConnect: 256,
  /** Arguments of one group's `exec.args` (after splitting a string). */
  maxArgs: 1024,
  /** Variables in one group's `exec.env`. */
  maxEnv: 1024,
  /** UTF-8 bytes of one group's args and env together (names, values and separators). */
  maxArgEnvBytes: 64 * 1024,
  /** UTF-8 bytes of a name: group, device, `exec.name`, `attach`, `location`, seed. */
  maxNameBytes: 256,
  /** UTF-8 bytes of a path (`exec.path`, device paths): account + container + object. */
  maxPathBytes: 2048,
  /** `*` in one path. */
  maxStars: 16,
  /** `meta` entries of one device, and UTF-8 bytes of its keys, values and content type. */
  maxMeta: 90,
  maxMetaBytes: 4096,
  /** UTF-8 bytes of one group's inline `exec.source` (text, or base64 of a module). */
  maxSourceBytes: 4 * 1024 * 1024,
  /** Objects one wildcard may list while looking for matches. */
  maxWildcardScan: 1_000_000,
  /** Wall-clock budget of expanding a job (listings, HEADs, wiring), ms. */
  maxExpandMs: 10_000,
} as const

/** Caps the sandbox applies to what a program does, whatever its limits say (docs/limits.md). */
export const RUNTIME_CAPS = {
  /** Largest wasm module or component, bytes (checked before compiling). */
  maxModuleBytes: 64 * 1024 * 1024,
  /**
   * Host bytes one table entry is counted as. Tables share the memory limit with linear
   * memory (the first 65,536 entries are free); table maxima are rewritten to fit.
   */
  tableEntryBytes: 16,
  /** Subscriptions one `poll_oneoff` call may pass (EINVAL beyond). */
  maxPollSubscriptions: 4096,
  /** Longest path a WASI call may pass, bytes (ENAMETOOLONG beyond). */
  maxPathBytes: 4096,
  /** iovecs one fd_read/fd_write may pass (IOV_MAX as wasi-libc has it; EINVAL beyond). */
  maxIovecs: 1024,
  /**
   * Host memory one compile is counted as per module byte, and the budget all compiles in
   * flight share: a large module waits for room instead of compiling beside another.
   */
  compileBytesPerModuleByte: 24,
  compileBudgetBytes: 1536 * 1024 * 1024,
} as const

export type JobCaps = { [K in keyof typeof JOB_CAPS]: number }

/** UTF-8 length of a string without TextEncoder (shared has no DOM or Node types). */
export function utf8Length(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4
      i++
    } else n += 3
  }
  return n
}

/** LIMIT_EXCEEDED at `path`: `<path>: <asked> <unit> asked, the cap is <cap>`. */
export function overCap(path: string, unit: string, asked: number, cap: number): ZeroLabError {
  return new ZeroLabError(
    'LIMIT_EXCEEDED',
    `${path}: ${asked} ${unit} asked, the cap is ${cap}`,
    path,
    { cap, asked },
  )
}

type Raw = Record<string, unknown>
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v)
const len = (v: unknown): number => (typeof v === 'string' ? utf8Length(v) : 0)

const READABLE = ['stdin', 'input', 'script', 'image']

function checkLen(path: string, v: unknown, cap: number): void {
  const n = len(v)
  if (n > cap) throw overCap(path, 'bytes', n, cap)
}

function checkArray(path: string, v: unknown, cap: number, unit: string): void {
  if (Array.isArray(v) && v.length > cap) throw overCap(path, unit, v.length, cap)
}

/**
 * Checks the raw job document against the caps, before schema validation allocates anything
 * per element. Only what has the expected shape is checked; the schema reports the rest.
 */
export function checkJobCaps(input: unknown, caps: JobCaps = JOB_CAPS): void {
  const doc = Array.isArray(input) ? { groups: input } : input
  if (!isObj(doc)) return
  checkLen('seed', doc.seed, caps.maxNameBytes)
  const groups = doc.groups
  if (!Array.isArray(groups)) return
  checkArray('groups', groups, caps.maxGroups, 'groups')
  const counts = new Map<string, number>()
  let instances = 0
  groups.forEach((g, i) => {
    if (!isObj(g)) return
    const count = checkGroup(g, `groups[${i}]`, caps)
    instances += count
    if (instances > caps.maxInstances)
      throw overCap(`groups[${i}].count`, 'instances in the job', instances, caps.maxInstances)
    if (typeof g.name === 'string') counts.set(g.name, count)
  })
  let pipes = 0
  groups.forEach((g, i) => {
    if (!isObj(g) || !Array.isArray(g.connect) || typeof g.name !== 'string') return
    const from = counts.get(g.name) ?? 1
    g.connect.forEach((t, k) => {
      const to = typeof t === 'string' ? (counts.get(t) ?? 0) : 0
      pipes += t === g.name ? from * (from - 1) : from * to
      if (pipes > caps.maxPipes)
        throw overCap(`groups[${i}].connect[${k}]`, 'pipes in the job', pipes, caps.maxPipes)
    })
  })
}

/** Checks one group; returns the instances it asks for (1 for a wildcard group, unknown yet). */
function checkGroup(g: Raw, at: string, caps: JobCaps): number {
  checkLen(`${at}.name`, g.name, caps.maxNameBytes)
  checkLen(`${at}.attach`, g.attach, caps.maxNameBytes)
  checkLen(`${at}.location`, g.location, caps.maxNameBytes)
  checkArray(`${at}.connect`, g.connect, caps.maxConnect, 'connections')
  if (Array.isArray(g.connect))
    g.connect.forEach((c, k) => checkLen(`${at}.connect[${k}]`, c, caps.maxNameBytes))
  if (isObj(g.exec)) checkExec(g.exec, `${at}.exec`, caps)
  let wildcard = false
  for (const key of ['devices', 'file_list']) {
    const list = g[key]
    checkArray(`${at}.${key}`, list, caps.maxDevices, 'devices')
    if (!Array.isArray(list)) continue
    list.forEach((d, j) => {
      if (isObj(d) && checkDevice(d, `${at}.${key}[${j}]`, caps)) wildcard = true
    })
  }
  // A count that is not a positive integer is the schema's to reject.
  const count = Number.isInteger(g.count) && (g.count as number) > 0 ? (g.count as number) : 1
  if (!wildcard && count > caps.maxInstances)
    throw overCap(`${at}.count`, 'instances', count, caps.maxInstances)
  return wildcard ? 1 : count
}

function checkPath(path: string, v: unknown, caps: JobCaps): void {
  checkLen(path, v, caps.maxPathBytes)
  if (typeof v !== 'string') return
  const stars = v.split('*').length - 1
  if (stars > caps.maxStars) throw overCap(path, 'wildcards (*)', stars, caps.maxStars)
}

function checkExec(e: Raw, at: string, caps: JobCaps): void {
  checkPath(`${at}.path`, e.path, caps)
  checkLen(`${at}.name`, e.name, caps.maxNameBytes)
  checkLen(`${at}.source`, e.source, caps.maxSourceBytes)
  let bytes = 0
  if (typeof e.args === 'string') bytes += utf8Length(e.args)
  if (Array.isArray(e.args)) {
    checkArray(`${at}.args`, e.args, caps.maxArgs, 'arguments')
    for (const a of e.args) bytes += len(a) + 1
  }
  if (isObj(e.env)) {
    const keys = Object.keys(e.env)
    if (keys.length > caps.maxEnv) throw overCap(`${at}.env`, 'variables', keys.length, caps.maxEnv)
    for (const k of keys) {
      const v = e.env[k]
      bytes += utf8Length(k) + (typeof v === 'string' ? utf8Length(v) : 24) + 2
    }
  }
  if (bytes > caps.maxArgEnvBytes)
    throw overCap(at, 'bytes of args and env', bytes, caps.maxArgEnvBytes)
}

/** Checks one device; true when its path has a wildcard. */
function checkDevice(d: Raw, at: string, caps: JobCaps): boolean {
  checkLen(`${at}.name`, d.name, caps.maxNameBytes)
  checkLen(`${at}.device`, d.device, caps.maxNameBytes)
  checkPath(`${at}.path`, d.path, caps)
  let bytes = len(d.content_type)
  if (isObj(d.meta)) {
    const keys = Object.keys(d.meta)
    if (keys.length > caps.maxMeta)
      throw overCap(`${at}.meta`, 'entries', keys.length, caps.maxMeta)
    for (const k of keys) bytes += utf8Length(k) + len(d.meta[k])
  }
  if (bytes > caps.maxMetaBytes)
    throw overCap(`${at}.meta`, 'bytes of content_type and meta', bytes, caps.maxMetaBytes)
  const name = d.name ?? d.device
  return (
    typeof name === 'string' &&
    READABLE.includes(name) &&
    typeof d.path === 'string' &&
    d.path.includes('*')
  )
}
