import {
  JOB_CAPS,
  ZeroLabError,
  compileGlob,
  countStars,
  deviceKind,
  fillGlob,
  isOwnAccount,
  overCap,
  parseJobPath,
  type Job,
  type JobCaps,
  type JobGroup,
  type JobPath,
} from '@zerolab/shared'
import type { ObjectInfo, ObjectStore } from '../store/objectStore.ts'
import type { ObjectRef, Plan, PlannedDevice, PlannedInstance } from './plan.ts'
import { createTicker, type Ticker } from './ticker.ts'

type SwiftPath = Extract<JobPath, { scheme: 'swift' }>

interface Match {
  ref: ObjectRef
  info: ObjectInfo
  captures: string[]
}

export interface ExpandOptions {
  /** The caller's account: what `~` and `.` mean. */
  account: string
  /** Caps on instances, pipes, listings and time; default JOB_CAPS. */
  caps?: JobCaps
  signal?: AbortSignal
}

/** Objects asked per listing call while matching a wildcard. */
const LIST_PAGE = 1000

const devicePath = (gi: number, j: number): string => `groups[${gi}].devices[${j}].path`

interface FindContext {
  store: ObjectStore
  caps: JobCaps
  ticker: Ticker
  /** Matches this wildcard may add before the job has too many instances. */
  room: number
  /** Instances the job already has, for the error message. */
  before: number
}

/**
 * All objects matching a wildcard swift path, in listing order, with the captured text.
 * Lists page by page (yielding between pages) and stops as soon as a cap is passed: more
 * matches than the job has room for, or more objects listed than maxWildcardScan.
 */
async function findObjects(
  account: string,
  p: SwiftPath,
  at: string,
  ctx: FindContext,
): Promise<Match[]> {
  const { store, caps, ticker } = ctx
  const cGlob = compileGlob(p.container)
  const oGlob = compileGlob(p.object ?? '*')
  let containers = [p.container]
  if (cGlob.stars) {
    containers = []
    for (const c of await store.listContainers(account)) {
      if (cGlob.test(c)) containers.push(c)
      await ticker.tick()
    }
  }
  const out: Match[] = []
  let scanned = 0
  for (const container of containers) {
    const cCaps = cGlob.match(container)!
    let marker: string | undefined
    for (;;) {
      const page = await store.list(account, container, {
        prefix: oGlob.prefix,
        limit: LIST_PAGE,
        ...(marker !== undefined ? { marker } : {}),
      })
      for (const info of page) {
        if (++scanned > caps.maxWildcardScan)
          throw overCap(at, 'objects listed', scanned, caps.maxWildcardScan)
        const m = oGlob.match(info.name)
        if (!m) continue
        if (out.length >= ctx.room)
          throw overCap(
            at,
            'instances in the job (at least)',
            ctx.before + out.length + 1,
            caps.maxInstances,
          )
        out.push({
          ref: { account, container, object: info.name },
          info,
          captures: [...cCaps, ...m],
        })
      }
      await ticker.tick()
      if (page.length < LIST_PAGE) break
      marker = page[page.length - 1]!.name
    }
  }
  return out
}

interface GroupDraft {
  gi: number
  group: JobGroup
  /** Instances of the group: its matches, else its count. */
  size: number
  matches?: Match[]
  wildcardDevice?: number
}

/**
 * Expands a job against the store's listings, as ZeroCloud's configparser did: wildcards,
 * instance names, output naming, connect wiring, zvm:// routes and attach. Throws before
 * anything runs: INVALID_JOB for a job that cannot be laid out, NO_MATCH for a wildcard that
 * matches nothing, NOT_FOUND for a missing fixed input, LIMIT_EXCEEDED when the job would
 * have more instances or pipes than the caps allow (checked before any instance is built) or
 * expansion runs past its time budget. Work is sliced so the event loop keeps running.
 * Cycles expand (ZeroCloud wired them); runJob rejects them before running.
 */
export async function expandJob(job: Job, store: ObjectStore, opts: ExpandOptions): Promise<Plan> {
  const caps = opts.caps ?? JOB_CAPS
  const ticker = createTicker(caps.maxExpandMs, 'expanding the job', opts.signal)
  const resolveAccount = (a: string): string => (isOwnAccount(a) ? opts.account : a)
  const warnings: string[] = []
  const drafts = await draftGroups(job, { store, caps, ticker, resolveAccount })
  checkPipes(job, drafts, caps)
  const instances: PlannedInstance[] = []
  const byGroup: PlannedInstance[][] = []
  const ctx: DeviceContext = { store, resolveAccount, warnings, heads: new Map() }
  for (const draft of drafts) {
    const { gi, group } = draft
    if (group.replicate > 1) {
      warnings.push(
        `groups[${gi}].replicate: ${group.replicate} copies requested; replication is not supported, one copy runs`,
      )
    }
    const n = draft.size
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
      inst.devices = await planDevices(draft, k, name, ctx)
      inst.attached = chooseAttach(group, inst.devices)
      instances.push(inst)
      list.push(inst)
      await ticker.tick()
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
  await wire(job, byGroup, names, ticker)
  return { job, account: opts.account, instances, warnings }
}

/**
 * Each group's wildcard matches and instance count, with the job's total instances checked
 * against the cap as they add up (a wildcard stops listing once it would pass it).
 */
async function draftGroups(
  job: Job,
  c: {
    store: ObjectStore
    caps: JobCaps
    ticker: Ticker
    resolveAccount: (a: string) => string
  },
): Promise<GroupDraft[]> {
  const drafts: GroupDraft[] = []
  let total = 0
  for (let gi = 0; gi < job.groups.length; gi++) {
    const group = job.groups[gi]!
    const draft: GroupDraft = { gi, group, size: group.count }
    for (let j = 0; j < group.devices.length; j++) {
      const d = group.devices[j]!
      if (d.path === undefined || deviceKind(d.name) !== 'read') continue
      const p = parseJobPath(d.path) as JobPath
      if (p.scheme !== 'swift' || !(p.container.includes('*') || (p.object ?? '').includes('*')))
        continue
      const at = devicePath(gi, j)
      if (draft.wildcardDevice !== undefined) {
        throw new ZeroLabError(
          'INVALID_JOB',
          `${at}: only one readable device may use a wildcard`,
          at,
        )
      }
      draft.wildcardDevice = j
      const matches = await findObjects(c.resolveAccount(p.account), p, at, {
        store: c.store,
        caps: c.caps,
        ticker: c.ticker,
        room: c.caps.maxInstances - total,
        before: total,
      })
      if (matches.length === 0) {
        throw new ZeroLabError('NO_MATCH', `${at}: no object matches ${d.path}`, at)
      }
      draft.matches = matches
      draft.size = matches.length
    }
    total += draft.size
    if (total > c.caps.maxInstances)
      throw overCap(`groups[${gi}].count`, 'instances in the job', total, c.caps.maxInstances)
    drafts.push(draft)
  }
  return drafts
}

/** Pipes the job would wire (connect: sources × destinations; zvm:// routes), against the cap. */
function checkPipes(job: Job, drafts: GroupDraft[], caps: JobCaps): void {
  const size = new Map(job.groups.map((g, gi) => [g.name, drafts[gi]!.size]))
  let pipes = 0
  const add = (n: number, at: string): void => {
    pipes += n
    if (pipes > caps.maxPipes) throw overCap(at, 'pipes in the job', pipes, caps.maxPipes)
  }
  job.groups.forEach((g, gi) => {
    const from = drafts[gi]!.size
    g.connect.forEach((t, k) => {
      add(
        t === g.name ? from * (from - 1) : from * (size.get(t) ?? 0),
        `groups[${gi}].connect[${k}]`,
      )
    })
    g.devices.forEach((dev, j) => {
      if (dev.path === undefined || deviceKind(dev.name) !== 'write') return
      const p = parseJobPath(dev.path) as JobPath
      if (p.scheme !== 'zvm') return
      add(from * (size.get(p.node) ?? 1), devicePath(gi, j))
    })
  })
}

interface DeviceContext {
  store: ObjectStore
  resolveAccount: (a: string) => string
  warnings: string[]
  /** HEADs of fixed inputs, once per path however many instances read them. */
  heads: Map<string, Promise<ObjectInfo | undefined>>
}

async function planDevices(
  draft: GroupDraft,
  k: number,
  name: string,
  ctx: DeviceContext,
): Promise<PlannedDevice[]> {
  const { gi, group, matches } = draft
  const match = matches?.[k]
  const multi = draft.size > 1
  const out: PlannedDevice[] = []
  for (let j = 0; j < group.devices.length; j++) {
    const d = group.devices[j]!
    const kind = deviceKind(d.name)
    const at = devicePath(gi, j)
    if (kind === 'sysimage') {
      // `python` is provided: the interpreter a `file://python:python` exec names.
      if (k === 0 && d.name !== 'python')
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
      const key = `${account}/${p.container}/${p.object}`
      let head = ctx.heads.get(key)
      if (!head) ctx.heads.set(key, (head = ctx.store.head(account, p.container, p.object)))
      const info = await head
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
    const container = fillGlob(p.container, value)
    const object = fillGlob(p.object!, (i) => value(i + countStars(p.container)))
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

async function wire(
  job: Job,
  byGroup: PlannedInstance[][],
  names: Map<string, PlannedInstance>,
  ticker: Ticker,
): Promise<void> {
  for (let gi = 0; gi < job.groups.length; gi++) {
    const g = job.groups[gi]!
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
        await ticker.tick()
      }
    }
    for (let j = 0; j < g.devices.length; j++) {
      const dev = g.devices[j]!
      if (dev.path === undefined || deviceKind(dev.name) !== 'write') continue
      const p = parseJobPath(dev.path) as JobPath
      if (p.scheme !== 'zvm') continue
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
        await ticker.tick()
      }
    }
  }
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
