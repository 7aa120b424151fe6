export type Labels = Record<string, string>

interface Family {
  name: string
  help: string
  type: 'counter' | 'gauge' | 'histogram'
  values: Map<string, { labels: Labels; value: number }>
  /** Gauges and histograms sampled at render time (histograms: `_bucket`, `_sum`, `_count`). */
  collect?: () => { name?: string; labels: Labels; value: number }[]
}

function labelKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join('\u0000')
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')
}

function formatSample(name: string, labels: Labels, value: number): string {
  const keys = Object.keys(labels).sort()
  const l = keys.length ? `{${keys.map((k) => `${k}="${escapeLabel(labels[k]!)}"`).join(',')}}` : ''
  const v = Number.isFinite(value) ? String(value) : value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN'
  return `${name}${l} ${v}`
}

/** A tiny Prometheus registry: labelled counters and gauges rendered in the text format 0.0.4. */
export class MetricsRegistry {
  private readonly families = new Map<string, Family>()

  counter(name: string, help: string): (labels?: Labels, by?: number) => void {
    const f = this.family(name, help, 'counter')
    return (labels = {}, by = 1) => {
      const k = labelKey(labels)
      const cur = f.values.get(k)
      if (cur) cur.value += by
      else f.values.set(k, { labels, value: by })
    }
  }

  gauge(name: string, help: string, collect: () => { labels: Labels; value: number }[]): void {
    this.family(name, help, 'gauge').collect = collect
  }

  /**
   * A histogram whose state is kept by its owner: `collect` gives the count per bucket
   * (`le` upper bounds, ascending; the last count is above the largest bound) and the sum.
   */
  histogram(
    name: string,
    help: string,
    bounds: readonly number[],
    collect: () => { counts: readonly number[]; sum: number },
  ): void {
    this.family(name, help, 'histogram').collect = () => {
      const { counts, sum } = collect()
      let acc = 0
      const out: { name: string; labels: Labels; value: number }[] = []
      bounds.forEach((le, i) => {
        acc += counts[i] ?? 0
        out.push({ name: `${name}_bucket`, labels: { le: String(le) }, value: acc })
      })
      acc += counts[bounds.length] ?? 0
      out.push({ name: `${name}_bucket`, labels: { le: '+Inf' }, value: acc })
      out.push({ name: `${name}_sum`, labels: {}, value: sum })
      out.push({ name: `${name}_count`, labels: {}, value: acc })
      return out
    }
  }

  render(): string {
    const out: string[] = []
    for (const f of this.families.values()) {
      out.push(`# HELP ${f.name} ${f.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`)
      out.push(`# TYPE ${f.name} ${f.type}`)
      const samples: { name?: string; labels: Labels; value: number }[] = f.collect
        ? f.collect()
        : [...f.values.values()]
      for (const s of samples) out.push(formatSample(s.name ?? f.name, s.labels, s.value))
    }
    return out.join('\n') + '\n'
  }

  private family(name: string, help: string, type: Family['type']): Family {
    let f = this.families.get(name)
    if (!f) {
      f = { name, help, type, values: new Map() }
      this.families.set(name, f)
    }
    return f
  }
}
