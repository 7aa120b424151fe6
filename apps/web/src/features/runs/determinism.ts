/** Output ETags of one run: instance name → channel alias (or object path) → MD5 hex. */
export type RunEtags = Record<string, Record<string, string>>

export interface EtagChange {
  instance: string
  channel: string
  before: string | undefined
  after: string | undefined
}

export type Determinism = (
  { kind: 'first' } | { kind: 'same'; count: number } | { kind: 'different'; changes: EtagChange[] }
) & { previousWhere?: string }

/** Compares this run's output ETags with the previous run of the same job. */
export function compareEtags(previous: RunEtags | undefined, current: RunEtags): Determinism {
  if (previous === undefined) return { kind: 'first' }
  const changes: EtagChange[] = []
  let count = 0
  const instances = new Set([...Object.keys(previous), ...Object.keys(current)])
  for (const instance of [...instances].sort()) {
    const a = previous[instance] ?? {}
    const b = current[instance] ?? {}
    for (const channel of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      if (a[channel] === b[channel]) count++
      else changes.push({ instance, channel, before: a[channel], after: b[channel] })
    }
  }
  return changes.length === 0 ? { kind: 'same', count } : { kind: 'different', changes }
}

export function describeDeterminism(d: Determinism): string {
  switch (d.kind) {
    case 'first':
      return 'first run of this job'
    case 'same':
      return `same ETags as last run ✓ (${d.count} output${d.count === 1 ? '' : 's'}${where(d)})`
    case 'different':
      return `${d.changes.length} output${d.changes.length === 1 ? '' : 's'} differ from last run${where(d)}`
  }
}

const where = (d: Determinism): string => (d.previousWhere ? `, last run ${d.previousWhere}` : '')

/**
 * A stable key for "the same job": FNV-1a (64-bit) over the canonical JSON, so key order and
 * the designer's `ui` positions do not matter.
 */
export function jobKey(job: unknown): string {
  const text = canonicalJson(stripUi(job))
  let h = 0xcbf29ce484222325n
  const prime = 0x100000001b3n
  for (const b of new TextEncoder().encode(text)) {
    h ^= BigInt(b)
    h = (h * prime) & 0xffffffffffffffffn
  }
  return h.toString(16).padStart(16, '0')
}

function stripUi(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripUi)
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => k !== 'ui')
        .map(([k, x]) => [k, stripUi(x)]),
    )
  }
  return v
}

export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`
  }
  return JSON.stringify(v) ?? 'null'
}

/** Keeps the last run's ETags per job key in a Storage (localStorage in the app). */
export class EtagMemory {
  constructor(
    private readonly storage: Pick<Storage, 'getItem' | 'setItem'>,
    private readonly prefix = 'zerolab.etags.',
  ) {}

  previous(key: string): { etags: RunEtags; where?: string } | undefined {
    const raw = this.storage.getItem(this.prefix + key)
    if (raw === null) return undefined
    try {
      const v = JSON.parse(raw) as { etags?: RunEtags; where?: string }
      if (typeof v.etags !== 'object' || v.etags === null) return undefined
      return v.where === undefined ? { etags: v.etags } : { etags: v.etags, where: v.where }
    } catch {
      return undefined
    }
  }

  /**
   * Compares with the stored run, then stores this one. `where` (local / cluster) is kept so
   * a cluster run can be compared with a local one: same ETags in both places is the point.
   */
  record(key: string, etags: RunEtags, where?: string): Determinism {
    const prev = this.previous(key)
    const d: Determinism = compareEtags(prev?.etags, etags)
    if (prev?.where !== undefined) d.previousWhere = prev.where
    try {
      this.storage.setItem(
        this.prefix + key,
        JSON.stringify(where === undefined ? { etags } : { etags, where }),
      )
    } catch {
      // A full localStorage only costs the next comparison.
    }
    return d
  }
}
