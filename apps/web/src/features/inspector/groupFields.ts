/** Conversions between inspector text fields and group fields. Pure. */
import type { DeviceDoc, GroupDoc, LimitsDoc } from '../../state/jobDocument.ts'

/** `KEY=value` lines; ZeroCloud also allows numbers and booleans as values. */
export function envToText(env: Record<string, string | number | boolean> | undefined): string {
  return Object.entries(env ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')
}

export function textToEnv(text: string): Record<string, string> | undefined {
  const env: Record<string, string> = {}
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=')
    const key = (eq < 0 ? line : line.slice(0, eq)).trim()
    if (key) env[key] = eq < 0 ? '' : line.slice(eq + 1)
  }
  return Object.keys(env).length ? env : undefined
}

export const argsToText = (args: string | string[] | undefined): string =>
  Array.isArray(args) ? args.join(' ') : (args ?? '')

/** Sets or removes (on undefined / empty) a key, without touching the others. */
export function withField<T extends object, K extends keyof T>(
  obj: T,
  key: K,
  value: T[K] | undefined,
): T {
  if (value === undefined || value === '') {
    const copy = { ...obj }
    delete copy[key]
    return copy
  }
  return { ...obj, [key]: value }
}

export function numberOrUndefined(text: string): number | undefined {
  if (text.trim() === '') return undefined
  const n = Number(text)
  return Number.isFinite(n) ? n : undefined
}

export function setLimit(
  g: GroupDoc,
  key: keyof Omit<LimitsDoc, 'channel'>,
  text: string,
): GroupDoc {
  const limits = withField(g.limits ?? {}, key, numberOrUndefined(text))
  return Object.keys(limits).length ? { ...g, limits } : withField(g, 'limits', undefined)
}

/** Replaces the device list under whichever key the group already uses. */
export function setDevices(g: GroupDoc, devices: DeviceDoc[]): GroupDoc {
  const key = g.file_list && !g.devices ? 'file_list' : 'devices'
  return { ...g, [key]: devices }
}

/**
 * The device "+ device" adds: `output` (or `output-2`, …, a name no device of the group has) with
 * no path yet, so the group stays valid until you give it one.
 */
export function newDevice(devices: DeviceDoc[]): DeviceDoc {
  const taken = new Set(devices.map((d) => d.name ?? d.device))
  let name = 'output'
  for (let i = 2; taken.has(name); i++) name = `output-${i}`
  return { name }
}
