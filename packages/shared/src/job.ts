import { ZeroLabError } from './errors.ts'
import { DEFAULT_EPOCH_MS, type ImageKind } from './instance.ts'
import { parseJobPath, splitArgs, type JobPath } from './jobPath.ts'
import { JOB_CAPS, checkJobCaps, overCap, type JobCaps } from './limits.ts'
import { jobObjectSchema, type GroupInput, type GroupLimits } from './jobSchema.ts'

/** Devices ZeroCloud knows (common.py DEVICE_MAP). */
export const READABLE_DEVICES = ['stdin', 'input', 'script', 'image'] as const
export const WRITABLE_DEVICES = ['stdout', 'stderr', 'output'] as const
/** System images ZeroCloud deployments exposed as path-less devices (accepted, not provided). */
export const SYSIMAGE_DEVICES = ['python2.7', 'python', 'busybox'] as const
export const KNOWN_DEVICES: readonly string[] = [
  ...READABLE_DEVICES,
  ...WRITABLE_DEVICES,
  'debug',
  ...SYSIMAGE_DEVICES,
]

export const DEFAULT_SEED = 'zerolab'

export interface JobDevice {
  name: string
  path?: string
  content_type?: string
  meta?: Record<string, string>
  mode?: 'file' | 'char' | 'pipe' | 'block'
  min_size?: number
}

export interface JobExec {
  path?: string
  /** argv without argv[0]. */
  args: string[]
  env: Record<string, string>
  /** argv[0]; the instance name when absent. */
  name?: string
  image?: ImageKind
  source?: string
  encoding?: 'utf8' | 'base64'
  lang?: 'js' | 'ts'
}

export interface JobGroup {
  name: string
  exec: JobExec
  devices: JobDevice[]
  count: number
  connect: string[]
  attach?: string
  location?: string
  replicate: number
  limits?: GroupLimits
  ui?: { x: number; y: number }
}

/** A validated, normalized job. */
export interface Job {
  version: 1
  seed: string
  epochMs: number
  groups: JobGroup[]
  ui?: Record<string, unknown>
}

export type DeviceKind = 'read' | 'write' | 'debug' | 'sysimage'

export function deviceKind(name: string): DeviceKind {
  if ((READABLE_DEVICES as readonly string[]).includes(name)) return 'read'
  if ((WRITABLE_DEVICES as readonly string[]).includes(name)) return 'write'
  if (name === 'debug') return 'debug'
  return 'sysimage'
}

const fail = (path: string, rule: string): never => {
  throw new ZeroLabError('INVALID_JOB', `${path}: ${rule}`, path)
}

/** `['groups', 1, 'connect', 0]` → `groups[1].connect[0]`. */
function formatJsonPath(parts: readonly PropertyKey[]): string {
  let out = ''
  for (const p of parts) {
    if (typeof p === 'number') out += `[${p}]`
    else if (typeof p === 'string' && /^[A-Za-z_$][\w$]*$/.test(p)) out += out ? `.${p}` : p
    else out += `[${JSON.stringify(String(p))}]`
  }
  return out || '$'
}

/**
 * Validates and normalizes a job description (ZeroCloud array or `{version: 1, groups}`).
 * Throws ZeroLabError('INVALID_JOB', '<json path>: <rule>', path) on the first problem.
 */
export function parseJob(input: unknown, caps: JobCaps = JOB_CAPS): Job {
  const obj = Array.isArray(input) ? { groups: input } : input
  if (typeof obj !== 'object' || obj === null) {
    fail('$', 'a job is an array of groups or an object with "groups"')
  }
  checkJobCaps(obj, caps)
  const r = jobObjectSchema.safeParse(obj)
  if (!r.success) {
    const issue = r.error.issues[0]!
    fail(formatJsonPath(issue.path), issue.message)
  }
  const raw = r.data!
  const groups = raw.groups.map((g, i) => normalizeGroup(g, `groups[${i}]`, caps))
  checkGroups(groups)
  const job: Job = {
    version: 1,
    seed: raw.seed ?? DEFAULT_SEED,
    epochMs: parseEpoch(raw.epoch),
    groups,
  }
  if (raw.ui) job.ui = raw.ui
  return job
}

function parseEpoch(epoch: string | number | undefined): number {
  if (epoch === undefined) return DEFAULT_EPOCH_MS
  const ms = typeof epoch === 'number' ? epoch : Date.parse(epoch)
  if (!Number.isFinite(ms))
    fail('epoch', `not an ISO date or milliseconds: ${JSON.stringify(epoch)}`)
  return ms
}

function stringify(v: string | number | boolean): string {
  return typeof v === 'string' ? v : String(v)
}

/** Which key (`devices` or `file_list`) a group's devices came from, for error paths. */
const deviceKeys = new WeakMap<JobGroup, string>()

function normalizeGroup(g: GroupInput, at: string, caps: JobCaps): JobGroup {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f/]/.test(g.name))
    fail(`${at}.name`, 'control characters and "/" are not allowed')
  if (g.devices && g.file_list) fail(`${at}.file_list`, 'use either devices or file_list, not both')
  const list = g.devices ?? g.file_list ?? []
  const listKey = g.devices ? 'devices' : 'file_list'
  const devices = list.map((d, j): JobDevice => {
    const dat = `${at}.${listKey}[${j}]`
    if (d.name !== undefined && d.device !== undefined && d.name !== d.device) {
      fail(`${dat}.device`, `conflicts with name "${d.name}"`)
    }
    const name = d.name ?? d.device
    if (name === undefined) fail(`${dat}.name`, 'required')
    const out: JobDevice = { name: name! }
    if (d.path !== undefined) out.path = d.path
    if (d.content_type !== undefined) out.content_type = d.content_type
    if (d.meta !== undefined) {
      out.meta = Object.fromEntries(Object.entries(d.meta).map(([k, v]) => [k, stringify(v)]))
    }
    if (d.mode !== undefined) out.mode = d.mode
    if (d.min_size !== undefined) out.min_size = d.min_size
    return out
  })
  const e = g.exec
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(e.env ?? {})) {
    if (k.length === 0 || /\s|=/.test(k))
      fail(`${at}.exec.env`, `bad variable name ${JSON.stringify(k)}`)
    const s = stringify(v)
    if (s !== '') env[k] = s // ZeroCloud drops empty values
  }
  const exec: JobExec = {
    args: typeof e.args === 'string' ? splitArgs(e.args) : (e.args ?? []),
    env,
  }
  if (exec.args.length > caps.maxArgs)
    throw overCap(`${at}.exec.args`, 'arguments', exec.args.length, caps.maxArgs)
  if (e.path !== undefined) exec.path = e.path
  if (e.name !== undefined) exec.name = e.name
  if (e.image !== undefined) exec.image = e.image
  if (e.source !== undefined) exec.source = e.source
  if (e.encoding !== undefined) exec.encoding = e.encoding
  if (e.lang !== undefined) exec.lang = e.lang
  const group: JobGroup = {
    name: g.name,
    exec,
    devices,
    count: g.count ?? 1,
    connect: g.connect ?? [],
    replicate: g.replicate ?? 1,
  }
  if (g.attach !== undefined) group.attach = g.attach
  if (g.location !== undefined) group.location = g.location
  if (g.limits !== undefined) group.limits = g.limits
  if (g.ui !== undefined) group.ui = g.ui
  deviceKeys.set(group, listKey)
  return group
}

function checkGroups(groups: JobGroup[]): void {
  const names = new Map<string, number>()
  groups.forEach((g, i) => {
    if (names.has(g.name)) {
      fail(
        `groups[${i}].name`,
        `duplicate group name "${g.name}" (also groups[${names.get(g.name)}])`,
      )
    }
    names.set(g.name, i)
  })
  groups.forEach((g, i) => checkGroup(g, `groups[${i}]`, names, groups))
}

/** Resolves a zvm:// node (a group name or one of its instance names `name-N`) to a group. */
export function zvmTargetGroup(node: string, groups: readonly JobGroup[]): JobGroup | undefined {
  const direct = groups.find((g) => g.name === node)
  if (direct) return direct
  const m = /^(.*)-(\d+)$/.exec(node)
  return m ? groups.find((g) => g.name === m[1]) : undefined
}

function checkExec(g: JobGroup, at: string): void {
  const e = g.exec
  if (e.path === undefined && e.source === undefined) fail(`${at}.exec`, 'needs path or source')
  if (e.path !== undefined) {
    const p = parseJobPath(e.path)
    if (typeof p === 'string') fail(`${at}.exec.path`, p)
    const scheme = (p as JobPath).scheme
    if (scheme === 'zvm') fail(`${at}.exec.path`, 'zvm:// is not allowed for exec.path')
    if (scheme === 'tcp' || scheme === 'udp')
      fail(`${at}.exec.path`, `${scheme}:// is not allowed for exec.path`)
    if (scheme === 'swift') {
      const sp = p as Extract<JobPath, { scheme: 'swift' }>
      if (sp.object === undefined) fail(`${at}.exec.path`, 'must name an object')
      if (sp.container.includes('*') || sp.object!.includes('*')) {
        fail(`${at}.exec.path`, 'wildcards are not allowed in exec.path')
      }
    }
  }
  if (e.encoding === 'base64' && e.source === undefined)
    fail(`${at}.exec.encoding`, 'needs exec.source')
  if (e.encoding === 'base64' && e.image === 'js')
    fail(`${at}.exec.encoding`, 'base64 source is for wasm or component images')
  if (e.lang !== undefined && e.image !== undefined && e.image !== 'js') {
    fail(`${at}.exec.lang`, 'only the js image has a language')
  }
}

function checkDevicePath(d: JobDevice, dat: string, groups: readonly JobGroup[]): void {
  const kind = deviceKind(d.name)
  if (d.path === undefined) {
    if (d.name === 'input' || d.name === 'script' || d.name === 'image' || d.name === 'debug') {
      fail(`${dat}.path`, `device "${d.name}" needs a path`)
    }
    return
  }
  const p = parseJobPath(d.path)
  if (typeof p === 'string') fail(`${dat}.path`, p)
  const jp = p as JobPath
  if (kind === 'sysimage') fail(`${dat}.path`, `system image device "${d.name}" takes no path`)
  if (kind === 'debug') {
    if (jp.scheme !== 'tcp' && jp.scheme !== 'udp')
      fail(`${dat}.path`, 'debug needs tcp:// or udp://')
    return
  }
  if (jp.scheme === 'tcp' || jp.scheme === 'udp')
    fail(`${dat}.path`, `${jp.scheme}:// is for debug only`)
  if (jp.scheme === 'zvm') {
    if (kind !== 'write')
      fail(`${dat}.path`, 'zvm:// routes a writable device (stdout, stderr, output)')
    const target = zvmTargetGroup(jp.node, groups)
    if (!target) fail(`${dat}.path`, `unknown zvm:// node "${jp.node}"`)
    if (jp.device !== 'stdin' && jp.device !== 'input') {
      fail(`${dat}.path`, `zvm:// target device must be stdin or input, not "${jp.device}"`)
    }
    return
  }
  if (jp.scheme === 'relative') fail(`${dat}.path`, 'device paths need a scheme (swift://)')
  if (jp.scheme === 'file' && kind === 'write') fail(`${dat}.path`, 'file:// is read-only')
  if (jp.scheme === 'swift' && jp.object === undefined && kind === 'write') {
    fail(`${dat}.path`, 'a writable device needs an object, not a container')
  }
  if (d.content_type !== undefined && kind !== 'write')
    fail(`${dat}.content_type`, 'only for writable devices')
  if (d.meta !== undefined && kind !== 'write') fail(`${dat}.meta`, 'only for writable devices')
}

function checkGroup(g: JobGroup, at: string, names: Map<string, number>, groups: JobGroup[]): void {
  checkExec(g, at)
  const listKey = deviceKeys.get(g) ?? 'devices'
  const seen = new Set<string>()
  g.devices.forEach((d, j) => {
    const dat = `${at}.${listKey}[${j}]`
    if (!KNOWN_DEVICES.includes(d.name)) {
      fail(`${dat}.name`, `unknown device "${d.name}" (known: ${KNOWN_DEVICES.join(', ')})`)
    }
    if (seen.has(d.name)) fail(`${dat}.name`, `duplicate device "${d.name}"`)
    seen.add(d.name)
    checkDevicePath(d, dat, groups)
  })
  const targets = new Set<string>()
  g.connect.forEach((c, k) => {
    if (!names.has(c)) fail(`${at}.connect[${k}]`, `unknown group "${c}"`)
    if (targets.has(c)) fail(`${at}.connect[${k}]`, `duplicate connection to "${c}"`)
    targets.add(c)
  })
  if (g.attach !== undefined && g.attach !== 'default' && !seen.has(g.attach)) {
    fail(`${at}.attach`, `"${g.attach}" is neither "default" nor a device of this group`)
  }
}
