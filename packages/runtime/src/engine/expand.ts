import {
  ZeroLabError,
  deviceKind,
  isOwnAccount,
  parseJobPath,
  type Job,
  type JobGroup,
  type JobPath,
} from '@zerolab/shared'
import type { ObjectInfo, ObjectStore } from '../store/objectStore.ts'
import type { ObjectRef, Plan, PlannedDevice, PlannedInstance } from './plan.ts'

type SwiftPath = Extract<JobPath, { scheme: 'swift' }>

interface Match {
  ref: ObjectRef
  info: ObjectInfo
  captures: string[]
}

export interface ExpandOptions {
  /** The caller's account: what `~` and `.` mean. */
  account: string
}

const devicePath = (gi: number, j: number): string => `groups[${gi}].devices[${j}].path`

function globRegex(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('(.*)')
  return new RegExp(`^${body}$`, 's')
}

function countStars(s: string): number {
  return s.split('*').length - 1
}

/** All objects matching a wildcard swift path, in listing order, with the captured text. */
async function findObjects(store: ObjectStore, account: string, p: SwiftPath): Promise<Match[]> {
  const containers = p.container.includes('*')
    ? (await store.listContainers(account)).filter((c) => globRegex(p.container).test(c))
    : [p.container]
  const objectPattern = p.object ?? '*'
  const prefix = objectPattern.split('*')[0]!
  const oRe = globRegex(objectPattern)
  const cRe = globRegex(p.container)
  const out: Match[] = []
  for (const container of containers) {
    const cCaps = cRe.exec(container)!.slice(1)
    for (const info of await store.list(account, container, { prefix })) {
      const m = oRe.exec(info.name)
      if (!m) continue
      out.push({
        ref: { account, container, object: info.name },
        info,
        captures: [...cCaps, ...m.slice(1)],
      })
    }
  }
  return out
}

function fill(pattern: string, values: (k: number) => string): string {
  let k = 0
  return pattern.replace(/\*/g, () => values(k++))
}

interface GroupDraft {
  gi: number
  group: JobGroup
  matches?: Match[]
  wildcardDevice?: number
}

/**
 * Expands a job against the store's listings, as ZeroCloud's configparser did: wildcards,
 * instance names, output naming, connect wiring, zvm:// routes and attach. Throws before
 * anything runs: INVALID_JOB for a job that cannot be laid out, NO_MATCH for a wildcard that
 * matches nothing, NOT_FOUND for a missing fixed input. Cycles expand (ZeroCloud wired them);
 * runJob rejects them before running.
 */
export async function expandJob(job: Job, store: ObjectStore, opts: ExpandOptions): Promise<Plan> {
  const resolveAccount = (a: string): string => (isOwnAccount(a) ? opts.account : a)
  const warnings: string[] = []
  const instances: PlannedInstance[] = []
  const byGroup: PlannedInstance[][] = []
  for (let gi = 0; gi < job.groups.length; gi++) {
    const group = job.groups[gi]!
    const draft: GroupDraft = { gi, group }
    if (group.replicate > 1) {
      warnings.push(
        `groups[${gi}].replicate: ${group.replicate} copies requested; replication is not supported, one copy runs`,
      )
    }
    for (let j = 0; j < group.devices.length; j++) {
      const d = group.devices[j]!
      if (d.path === undefined || deviceKind(d.name) !== 'read') continue
      const p = parseJobPath(d.path) as JobPath
      if (p.scheme !== 'swift' || !(p.container.includes('*') || (p.object ?? '').includes('*')))
        continue
      if (draft.wildcardDevice !== undefined) {
        throw new ZeroLabError(
          'INVALID_JOB',
          `${devicePath(gi, j)}: only one readable device may use a wildcard`,
          devicePath(gi, j),
        )
      }
      draft.wildcardDevice = j
      const matches = await findObjects(store, resolveAccount(p.account), p)
      if (matches.length === 0) {
        throw new ZeroLabError(
          'NO_MATCH',
          `${devicePath(gi, j)}: no object matches ${d.path}`,
          devicePath(gi, j),
        )
      }
      draft.matches = matches
    }
    const n = draft.matches ? draft.matches.length : group.count
    const list: PlannedInstance[] = []
    for (let k = 0; k < n; k++) {
      const name = n === 1 ? group.name : `${group.name}-${k + 1}`
      const inst: PlannedInstance = {
        id: instances.length + 1,
        name,
        groupIndex: gi,
        devices: [],
        outPeers: [],
        inPeers: [],
        zvmIn: [],
        upstream: [],
      }
      inst.devices = await planDevices(draft, k, name, { store, resolveAccount, warnings })
      inst.attached = chooseAttach(group, inst.devices)
      instances.push(inst)
      list.push(inst)
    }
    byGroup.push(list)
  }
  const names = new Map<string, PlannedInstance>()
  for (const inst of instances) {
    const other = names.get(inst.name)
    if (other) {
      throw new ZeroLabError(
        'INVALID_JOB',
        `groups[${inst.groupIndex}].name: instance name "${inst.name}" clashes with an instance of groups[${other.groupIndex}]`,
        `groups[${inst.groupIndex}].name`,
      )
    }
    names.set(inst.name, inst)
  }
  checkDistinctOutputs(job, instances)
  wire(job, byGroup, names)
  return { job, account: opts.account, instances, warnings }
}

interface DeviceContext {
  store: ObjectStore
  resolveAccount: (a: string) => string
  warnings: string[]
}

async function planDevices(
  draft: GroupDraft,
  k: number,
  name: string,
  ctx: DeviceContext,
): Promise<PlannedDevice[]> {
  const { gi, group, matches } = draft
  const match = matches?.[k]
  const multi = (matches ? matches.length : group.count) > 1
  const out: PlannedDevice[] = []
  for (let j = 0; j < group.devices.length; j++) {
    const d = group.devices[j]!
    const kind = deviceKind(d.name)
    const at = devicePath(gi, j)
    if (kind === 'sysimage') {
      if (k === 0)
        ctx.warnings.push(
          `groups[${gi}].devices[${j}]: system image "${d.name}" is not provided; ignored`,
        )
      continue
    }
    if (kind === 'debug') continue
    const pd: PlannedDevice = {
      name: d.name,
      alias: `/dev/${d.name}`,
      mode: kind === 'write' ? 'write' : 'read',
      device: d,
    }
    out.push(pd)
    if (d.path === undefined) continue
    const p = parseJobPath(d.path) as JobPath
    if (p.scheme === 'zvm') {
      pd.routed = true
      continue
    }
    if (p.scheme !== 'swift') {
      throw new ZeroLabError(
        'UNSUPPORTED',
        `${at}: ${p.scheme} paths are not supported (no system images); use swift://`,
        at,
      )
    }
    const account = ctx.resolveAccount(p.account)
    if (kind === 'read') {
      if (j === draft.wildcardDevice && match) {
        pd.object = match.ref
        pd.info = match.info
        continue
      }
      if (p.object === undefined) {
        throw new ZeroLabError(
          'UNSUPPORTED',
          `${at}: reading a container (its listing database) is not supported`,
          at,
        )
      }
      pd.object = { account, container: p.container, object: p.object }
      const info = await ctx.store.head(account, p.container, p.object)
      if (!info) throw new ZeroLabError('NOT_FOUND', `${at}: no such object ${d.path}`, at)
      pd.info = info
      continue
    }
    const stars = countStars(p.container) + countStars(p.object ?? '')
    if (stars === 0) {
      if (matches) {
        throw new ZeroLabError(
          'INVALID_JOB',
          `${at}: a readable device uses a wildcard, so writable paths must use * or have no path`,
          at,
        )
      }
      if (multi) {
        throw new ZeroLabError(
          'INVALID_JOB',
          `${at}: fixed writable path in a group of ${group.count} instances; use * to name one object per instance`,
          at,
        )
      }
      pd.object = { account, container: p.container, object: p.object! }
      continue
    }
    if (match && stars > match.captures.length) {
      throw new ZeroLabError(
        'INVALID_JOB',
        `${at}: ${stars} wildcards but the readable path captures ${match.captures.length}`,
        at,
      )
    }
    const value = (i: number): string => (match ? match.captures[i]! : name)
    const container = fill(p.container, value)
    const object = fill(p.object!, (i) => value(i + countStars(p.container)))
    pd.object = { account, container, object }
  }
  return out
}

/**
 * ZeroCloud's channel order: readable devices with the last declared first, then image, then
 * writable ones. The default attach target is the first with an object, skipping `script`
 * when there is anything else.
 */
function chooseAttach(group: JobGroup, devices: PlannedDevice[]): PlannedDevice | undefined {
  if (group.attach !== undefined && group.attach !== 'default') {
    return devices.find((d) => d.name === group.attach && d.object)
  }
  const readable = devices.filter((d) => d.mode === 'read' && d.name !== 'image').reverse()
  const image = devices.filter((d) => d.name === 'image')
  const writable = devices.filter((d) => d.mode === 'write')
  const order = [...readable, ...image, ...writable].filter((d) => d.object)
  return order.find((d) => d.name !== 'script') ?? order[0]
}

function wire(job: Job, byGroup: PlannedInstance[][], names: Map<string, PlannedInstance>): void {
  job.groups.forEach((g, gi) => {
    const sources = byGroup[gi]!
    for (const target of g.connect) {
      const ti = job.groups.findIndex((x) => x.name === target)
      for (const s of sources) {
        for (const d of byGroup[ti]!) {
          if (d === s) continue
          s.outPeers.push(d.name)
          d.inPeers.push(s.name)
          d.upstream.push(s.id)
        }
      }
    }
    g.devices.forEach((dev, j) => {
      if (dev.path === undefined || deviceKind(dev.name) !== 'write') return
      const p = parseJobPath(dev.path) as JobPath
      if (p.scheme !== 'zvm') return
      const tgi = job.groups.findIndex((x) => x.name === p.node)
      const targets = tgi >= 0 ? byGroup[tgi]! : names.has(p.node) ? [names.get(p.node)!] : []
      if (targets.length === 0) {
        const at = devicePath(gi, j)
        throw new ZeroLabError('INVALID_JOB', `${at}: no instance named "${p.node}"`, at)
      }
      for (const s of sources) {
        for (const d of targets) {
          if (d === s) continue
          d.zvmIn.push({
            source: s.name,
            sourceId: s.id,
            fromAlias: `/dev/${dev.name}`,
            toDevice: p.device,
          })
          d.upstream.push(s.id)
        }
      }
    })
  })
}

/** Two instances writing one object would race: reject it (e.g. `out/*` with two captures). */
function checkDistinctOutputs(job: Job, instances: PlannedInstance[]): void {
  const writers = new Map<string, PlannedInstance>()
  for (const inst of instances) {
    inst.devices.forEach((d) => {
      if (d.mode !== 'write' || !d.object) return
      const key = `${d.object.account}/${d.object.container}/${d.object.object}`
      const other = writers.get(key)
      if (other) {
        const j = job.groups[inst.groupIndex]!.devices.indexOf(d.device)
        const at = `groups[${inst.groupIndex}].devices[${j}].path`
        throw new ZeroLabError(
          'INVALID_JOB',
          `${at}: ${other.name} and ${inst.name} would both write swift://${key}`,
          at,
        )
      }
      writers.set(key, inst)
    })
  }
}
