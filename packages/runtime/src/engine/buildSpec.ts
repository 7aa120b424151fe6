import {
  DEFAULT_LIMITS,
  type ChannelLimits,
  type ChannelSpec,
  type InstanceLimits,
  type InstanceSpec,
  type JobGroup,
  type ProgramRef,
} from '@zerolab/shared'
import { getObject } from '../store/objectIo.ts'
import type { ObjectStore } from '../store/objectStore.ts'
import type { Plan, PlannedDevice, PlannedInstance } from './plan.ts'
import type { Spool } from './spool.ts'

export const pipeKey = (from: string, to: string): string => `pipe:${from}>${to}`
export const routeKey = (from: string, alias: string): string => `zvm:${from}:${alias}`

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

function groupLimits(g: JobGroup): InstanceLimits {
  const l = g.limits
  return {
    memoryBytes:
      l?.memoryMb !== undefined ? Math.floor(l.memoryMb * 1024 * 1024) : DEFAULT_LIMITS.memoryBytes,
    timeoutMs: l?.timeoutMs ?? DEFAULT_LIMITS.timeoutMs,
    maxOutputBytes: l?.maxOutputBytes ?? DEFAULT_LIMITS.maxOutputBytes,
    stackBytes: DEFAULT_LIMITS.stackBytes,
  }
}

/** CGI variables ZeroCloud set (CGIEnvironment.md), with LOCAL_* for the attached object. */
function cgiEnv(plan: Plan, inst: PlannedInstance): Record<string, string> {
  const g = plan.job.groups[inst.groupIndex]!
  const env: Record<string, string> = {
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_SOFTWARE: 'zerolab',
    REQUEST_METHOD: 'POST',
    REMOTE_USER: plan.account,
    SCRIPT_NAME: inst.name,
    SCRIPT_FILENAME: g.exec.path ?? 'inline',
  }
  const a = inst.attached
  if (a?.object) {
    const o = a.object
    env.LOCAL_OBJECT = 'on'
    env.LOCAL_PATH_INFO = `/${o.account}/${o.container}/${o.object}`
    env.LOCAL_DOCUMENT_ROOT = a.alias
    if (a.info) {
      env.LOCAL_CONTENT_LENGTH = String(a.info.bytes)
      env.LOCAL_CONTENT_TYPE = a.info.contentType
      env.LOCAL_HTTP_ETAG = a.info.etag
      for (const [k, v] of Object.entries(a.info.meta)) {
        env[`LOCAL_HTTP_X_OBJECT_META_${k.toUpperCase().replace(/-/g, '_')}`] = v
      }
    }
  }
  return { ...env, ...g.exec.env }
}

export interface SpecContext {
  plan: Plan
  store: ObjectStore
  spool: Spool
  program: ProgramRef
  /** Body for a path-less stdin (ZeroCloud's POST body). */
  stdin?: Uint8Array
}

async function readDevice(
  d: PlannedDevice,
  inst: PlannedInstance,
  ctx: SpecContext,
): Promise<Uint8Array> {
  const routed = inst.zvmIn.filter((z) => z.toDevice === d.name)
  if (routed.length)
    return concat(
      await Promise.all(routed.map((z) => ctx.spool.get(routeKey(z.source, z.fromAlias)))),
    )
  if (d.object) {
    const { account, container, object } = d.object
    const got = await getObject(ctx.store, `${account}/${container}/${object}`)
    return got?.data ?? new Uint8Array(0)
  }
  return d.name === 'stdin' && ctx.stdin ? ctx.stdin : new Uint8Array(0)
}

/** The InstanceSpec of one planned instance, reading its inputs from the store and spool. */
export async function buildSpec(inst: PlannedInstance, ctx: SpecContext): Promise<InstanceSpec> {
  const g = ctx.plan.job.groups[inst.groupIndex]!
  const limits: Partial<ChannelLimits> | undefined = g.limits?.channel
  const ch = (
    alias: string,
    mode: 'read' | 'write',
    kind: 'local' | 'pipe',
    data?: Uint8Array,
  ): ChannelSpec => {
    const c: ChannelSpec = { alias, mode, kind }
    if (data) c.data = data
    if (limits) c.limits = limits
    return c
  }
  const channels: ChannelSpec[] = []
  const declared = new Map(inst.devices.map((d) => [d.name, d]))
  // Routed-in devices exist even when the reader did not declare them.
  for (const z of inst.zvmIn) {
    if (!declared.has(z.toDevice)) {
      declared.set(z.toDevice, {
        name: z.toDevice,
        alias: `/dev/${z.toDevice}`,
        mode: 'read',
        device: { name: z.toDevice },
      })
    }
  }
  for (const std of ['stdin', 'stdout', 'stderr']) {
    if (!declared.has(std)) {
      declared.set(std, {
        name: std,
        alias: `/dev/${std}`,
        mode: std === 'stdin' ? 'read' : 'write',
        device: { name: std },
      })
    }
  }
  for (const d of declared.values()) {
    channels.push(
      d.mode === 'read'
        ? ch(d.alias, 'read', 'local', await readDevice(d, inst, ctx))
        : ch(d.alias, 'write', 'local'),
    )
  }
  for (const peer of inst.inPeers) {
    channels.push(
      ch(`/dev/in/${peer}`, 'read', 'pipe', await ctx.spool.get(pipeKey(peer, inst.name))),
    )
  }
  for (const peer of inst.outPeers) channels.push(ch(`/dev/out/${peer}`, 'write', 'pipe'))
  const spec: InstanceSpec = {
    name: inst.name,
    program: ctx.program,
    args: g.exec.args,
    env: cgiEnv(ctx.plan, inst),
    channels,
    limits: groupLimits(g),
    seed: ctx.plan.job.seed,
    epochMs: ctx.plan.job.epochMs,
  }
  if (g.exec.name !== undefined) spec.argv0 = g.exec.name
  return spec
}
