/** Two runs side by side: per instance status, wall time and output ETags. Pure. */
import type { RunView } from '../runs/index.ts'

export interface InstanceComparison {
  name: string
  a?: { status: string; wallMs?: number; etags: Record<string, string> }
  b?: { status: string; wallMs?: number; etags: Record<string, string> }
  /** Output channels whose ETags differ (or exist on one side only). */
  changed: string[]
  sameOutputs: boolean
}

export interface RunComparison {
  instances: InstanceComparison[]
  /** Instances whose outputs are identical / differ. */
  same: number
  different: number
  wallMs: { a?: number; b?: number }
}

const side = (run: RunView, name: string): InstanceComparison['a'] => {
  const i = run.instances[name]
  if (!i) return undefined
  const wallMs =
    i.accounting?.wallMs ??
    (i.startedAt !== undefined && i.endedAt !== undefined ? i.endedAt - i.startedAt : undefined)
  return { status: i.phase, ...(wallMs !== undefined ? { wallMs } : {}), etags: i.etags ?? {} }
}

export function compareRuns(a: RunView, b: RunView): RunComparison {
  const names = [...new Set([...a.order, ...b.order])]
  const instances = names.map((name): InstanceComparison => {
    const x = side(a, name)
    const y = side(b, name)
    const channels = new Set([...Object.keys(x?.etags ?? {}), ...Object.keys(y?.etags ?? {})])
    const changed = [...channels].filter((c) => x?.etags[c] !== y?.etags[c]).sort()
    return {
      name,
      ...(x ? { a: x } : {}),
      ...(y ? { b: y } : {}),
      changed,
      sameOutputs: !!x && !!y && changed.length === 0 && x.status === y.status,
    }
  })
  const dur = (r: RunView) => (r.endedAt === undefined ? undefined : r.endedAt - r.startedAt)
  const wa = dur(a)
  const wb = dur(b)
  return {
    instances,
    same: instances.filter((i) => i.sameOutputs).length,
    different: instances.filter((i) => !i.sameOutputs).length,
    wallMs: { ...(wa !== undefined ? { a: wa } : {}), ...(wb !== undefined ? { b: wb } : {}) },
  }
}
