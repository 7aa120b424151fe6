import type {
  DeviceInput,
  ExecInput,
  GroupInput,
  GroupLimits,
  JobObjectInput,
} from '@zerolab/shared'

/**
 * The designer's view of a job: the `{ version: 1, groups }` object form of the job format,
 * typed by the one schema (@zerolab/shared jobSchema.ts, whose object schemas are loose), so
 * fields the designer does not know (ZeroCloud aliases, future extensions) survive a round
 * trip unchanged. Validation is `parseJob` from @zerolab/shared.
 */
export type DeviceDoc = DeviceInput
export type ExecDoc = ExecInput
export type LimitsDoc = GroupLimits
export type GroupDoc = GroupInput

export interface JobDocument extends JobObjectInput {
  version: 1
  groups: GroupDoc[]
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
