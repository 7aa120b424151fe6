/**
 * The designer's view of a job: the `{ version: 1, groups }` object form of the job format,
 * kept loose on purpose so fields the designer does not know (ZeroCloud aliases, future
 * extensions) survive a round trip unchanged. Validation is `parseJob` from @zerolab/shared.
 */
export interface DeviceDoc {
  name?: string
  /** ZeroCloud alias of `name`. */
  device?: string
  path?: string
  content_type?: string
  meta?: Record<string, string>
  mode?: string
  min_size?: number
  [key: string]: unknown
}

export interface ExecDoc {
  path?: string
  args?: string | string[]
  env?: Record<string, string>
  name?: string
  image?: 'wasm' | 'component' | 'js'
  source?: string
  lang?: 'js' | 'ts' | 'c' | 'cpp'
  encoding?: 'base64'
  [key: string]: unknown
}

export interface LimitsDoc {
  memoryMb?: number
  timeoutMs?: number
  maxOutputBytes?: number
  channel?: { maxReads?: number; maxReadBytes?: number; maxWrites?: number; maxWriteBytes?: number }
}

export interface GroupDoc {
  name: string
  exec: ExecDoc
  devices?: DeviceDoc[]
  /** ZeroCloud alias of `devices`. */
  file_list?: DeviceDoc[]
  count?: number
  connect?: string[]
  attach?: string
  limits?: LimitsDoc
  ui?: { x: number; y: number }
  [key: string]: unknown
}

export interface JobDocument {
  version: 1
  seed?: string
  epoch?: string | number
  groups: GroupDoc[]
  ui?: Record<string, unknown>
  [key: string]: unknown
}

export const emptyJob = (): JobDocument => ({ version: 1, groups: [] })

/** The devices list of a group, whichever key (`devices` or `file_list`) it uses. */
export function groupDevices(g: GroupDoc): DeviceDoc[] {
  return g.devices ?? g.file_list ?? []
}

/** The device name, whichever key (`name` or `device`) it uses. */
export function deviceName(d: DeviceDoc): string {
  return d.name ?? d.device ?? ''
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Accepts either job form (a ZeroCloud array of groups or the versioned object) and returns
 * the object form. Shape checks here are only what the designer needs to draw a graph;
 * `parseJob` does the real validation.
 */
export function toJobDocument(value: unknown): JobDocument {
  if (Array.isArray(value)) return { version: 1, groups: value.map(toGroup) }
  if (isRecord(value) && Array.isArray(value.groups)) {
    return { ...value, version: 1, groups: value.groups.map(toGroup) }
  }
  throw new TypeError('a job is an array of groups or an object with "groups"')
}

function toGroup(value: unknown, i: number): GroupDoc {
  if (!isRecord(value)) throw new TypeError(`groups[${i}] is not an object`)
  const name = typeof value.name === 'string' ? value.name : `group-${i + 1}`
  const exec = isRecord(value.exec) ? (value.exec as ExecDoc) : {}
  return { ...value, name, exec }
}
