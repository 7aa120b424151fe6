import {
  DEFAULT_LIMITS,
  type ChannelLimits,
  type ChannelSpec,
  type InstanceLimits,
  type InstanceSpec,
  type JobGroup,
  type ProgramRef,
} from '@zerolab/shared'
import { DEFAULT_CONTENT_TYPE, type ObjectStore } from '../store/objectStore.ts'
import {
  bytesSource,
  CaptureSink,
  ObjectSink,
  spoolSink,
  spoolSource,
  type OutputListener,
} from './channelEnds.ts'
import type { ChannelSource, HostChannel } from './hostIo.ts'
import type { PipeRelay } from './pipeRelay.ts'
import type { Plan, PlannedDevice, PlannedInstance } from './plan.ts'
import { PipeTap } from './pipeTap.ts'
import type { Spool } from './spool.ts'

export const pipeKey = (from: string, to: string): string => `pipe:${from}>${to}`
export const routeKey = (from: string, alias: string): string => `zvm:${from}:${alias}`

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
  /** Bytes of stdout/stderr kept for the report. */
  captureBytes: number
  /** Cap of the path-less device's part of the response body. */
  bodyBytes: number
  /** Live pipes of the instance's gang, by pipeKey (others come from the spool). */
  relays?: Map<string, PipeRelay>
  /** Live stdout/stderr text, by stream. */
  live?: (stream: 'stdout' | 'stderr', text: string) => void
}

/** An instance ready to run: its spec and the host's end of each of its channels. */
export interface OpenedInstance {
  spec: InstanceSpec
  /** In the order of `spec.channels`. */
  channels: HostChannel[]
  /** Object outputs, committed at `ok` and aborted otherwise. */
  objects: { device: PlannedDevice; sink: ObjectSink }[]
  stdout?: CaptureSink
  stderr?: CaptureSink
  /** The device whose bytes go to the response body, if any. */
  body?: { alias: string; sink: CaptureSink }
  /** Pipes it writes, counted as they pass (the report's per-edge view). */
  pipes: { alias: string; peer: string; tap: PipeTap }[]
}

/** Where a readable device's bytes come from (zvm:// routes, an object, the request body). */
async function openSource(
  d: PlannedDevice,
  inst: PlannedInstance,
  ctx: SpecContext,
): Promise<{ source?: ChannelSource; size?: number; seekable?: boolean }> {
  const routed = inst.zvmIn.filter((z) => z.toDevice === d.name)
  if (routed.length)
    return {
      source: spoolSource(
        ctx.spool,
        routed.map((z) => routeKey(z.source, z.fromAlias)),
      ),
    }
  if (d.object) {
    const { account, container, object } = d.object
    const reader = await ctx.store.open(account, container, object)
    if (!reader) return {}
    return { source: reader, size: reader.info.bytes, seekable: true }
  }
  if (d.name === 'stdin' && ctx.stdin)
    return { source: bytesSource(ctx.stdin), size: ctx.stdin.length, seekable: true }
  return {}
}

/**
 * Opens one planned instance: its InstanceSpec and, for every channel, where the host reads
 * it from (objects, spool entries of pipes and routes, the request body) or writes it to
 * (temporary objects, the spool, the report's capture and the response body). Nothing is
 * read yet: the bytes stream once the instance runs (engine/hostIo.ts).
 */
export async function openInstance(
  inst: PlannedInstance,
  ctx: SpecContext,
): Promise<OpenedInstance> {
  const g = ctx.plan.job.groups[inst.groupIndex]!
  const limits: Partial<ChannelLimits> | undefined = g.limits?.channel
  const opened: OpenedInstance = {
    spec: undefined as unknown as InstanceSpec,
    channels: [],
    objects: [],
    pipes: [],
  }
  const add = (spec: ChannelSpec, end: Omit<HostChannel, 'spec'>): void => {
    if (limits) spec.limits = limits
    opened.channels.push({ spec, ...end })
  }
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
  const immediate = inst.devices.find((d) => d.mode === 'write' && !d.object && !d.routed)
  try {
    for (const d of declared.values()) {
      const spec: ChannelSpec = { alias: d.alias, mode: d.mode, kind: 'local' }
      if (d.mode === 'read') {
        const { source, size, seekable } = await openSource(d, inst, ctx)
        if (size !== undefined) spec.size = size
        if (seekable) spec.seekable = true
        add(spec, source ? { source, bulk: true, ...(size !== undefined ? { size } : {}) } : {})
        continue
      }
      if (d.routed) {
        add(spec, { sink: spoolSink(ctx.spool, routeKey(inst.name, d.alias)), bulk: true })
      } else if (d.object) {
        spec.seekable = true
        const sink = await ObjectSink.open(ctx.store, d.object, {
          contentType: d.device.content_type ?? DEFAULT_CONTENT_TYPE,
          ...(d.device.meta ? { meta: d.device.meta } : {}),
        })
        opened.objects.push({ device: d, sink })
        add(spec, { sink, bulk: true })
      } else {
        const body = d === immediate
        const stream = d.name === 'stderr' ? 'stderr' : 'stdout'
        const live: OutputListener | undefined = ctx.live && ((text) => ctx.live!(stream, text))
        const sink = new CaptureSink({
          cap: d.name === 'stdout' || d.name === 'stderr' ? ctx.captureBytes : 0,
          ...(body
            ? { body: { spool: ctx.spool, key: `body:${inst.id}`, max: ctx.bodyBytes } }
            : {}),
          ...((d.name === 'stdout' || d.name === 'stderr') && live ? { live } : {}),
        })
        if (body) opened.body = { alias: d.alias, sink }
        if (d.name === 'stdout') opened.stdout = sink
        if (d.name === 'stderr') opened.stderr = sink
        add(spec, { sink, bulk: body })
      }
    }
    for (const peer of inst.inPeers) {
      const relay = ctx.relays?.get(pipeKey(peer, inst.name))
      const source = relay?.source ?? spoolSource(ctx.spool, [pipeKey(peer, inst.name)])
      add({ alias: `/dev/in/${peer}`, mode: 'read', kind: 'pipe' }, { source, bulk: true })
    }
    for (const peer of inst.outPeers) {
      const relay = ctx.relays?.get(pipeKey(inst.name, peer))
      const sink = new PipeTap(relay?.sink ?? spoolSink(ctx.spool, pipeKey(inst.name, peer)))
      const alias = `/dev/out/${peer}`
      opened.pipes.push({ alias, peer, tap: sink })
      add({ alias, mode: 'write', kind: 'pipe' }, { sink, bulk: true })
    }
  } catch (e) {
    await closeInstance(opened)
    throw e
  }
  opened.spec = {
    name: inst.name,
    program: ctx.program,
    args: g.exec.args,
    env: cgiEnv(ctx.plan, inst),
    channels: opened.channels.map((c) => c.spec),
    limits: groupLimits(g),
    seed: ctx.plan.job.seed,
    epochMs: ctx.plan.job.epochMs,
  }
  if (g.exec.name !== undefined) opened.spec.argv0 = g.exec.name
  return opened
}

/** Releases what an instance that will not run holds: its sources and temporary objects. */
export async function closeInstance(o: OpenedInstance): Promise<void> {
  for (const c of o.channels) await c.source?.close().catch(() => {})
  for (const x of o.objects) await x.sink.abort().catch(() => {})
}
