/**
 * The examples package (@zerolab/examples/gallery), bundled at build time: every job.json,
 * with JS/TS programs it names by path inlined as exec.source so the editor can show them.
 */
import { jobFiles, programFiles, readme } from '@zerolab/examples/gallery'
import type { GroupDoc, JobDocument } from '../../state/jobDocument.ts'
import { toJobDocument } from '../../state/jobDocument.ts'

export interface ExampleInfo {
  id: string
  title: string
  description: string
  stages: number
}

const TITLES: Record<string, string> = {
  wordcount: 'Word count (JavaScript)',
  'wordcount-c': 'Word count (C → Wasm)',
  grep: 'Parallel grep',
  sort: 'Per-object sort',
  topk: 'Top-k words',
  'inverted-index': 'Inverted index',
  sizeof: 'sizeof (C)',
  'wordcount-py': 'Word count (Python)',
  'grep-py': 'Parallel grep (Python)',
  'csv-py': 'CSV aggregation (Python)',
  pingpong: 'Request/reply (C)',
  disort: 'Distributed sort (C)',
  ring: 'Self-connected group (C)',
}

/** `./<id>/job.json` → `<id>`. */
const idOf = (path: string): string => /([^/]+)\/[^/]+$/.exec(path)?.[1] ?? path

const titleOf = (id: string): string =>
  id.replace(/[-_]+/g, ' ').replace(/^\w/, (c) => c.toUpperCase())

/** Descriptions from the examples README table: `| \`id\` | [job.json](…) | what it shows |`. */
export function readmeDescriptions(text: string | undefined): Map<string, string> {
  const out = new Map<string, string>()
  for (const line of (text ?? '').split('\n')) {
    const cells = line.split('|').map((c) => c.trim())
    const id = /^`([^`]+)`$/.exec(cells[1] ?? '')?.[1]
    const about = cells[3]
    if (id && about) {
      const plain = about.replace(/\[([^\]]+)\]\([^)]*\)/g, '$1').replace(/`/g, '')
      out.set(id, plain.length > 170 ? `${plain.slice(0, 167)}…` : plain)
    }
  }
  return out
}

export function listExamples(): ExampleInfo[] {
  const about = readmeDescriptions(readme)
  return Object.entries(jobFiles)
    .map(([path, raw]) => {
      const id = idOf(path)
      let stages = 0
      try {
        stages = toJobDocument(raw).groups.length
      } catch {
        stages = 0
      }
      return { id, title: TITLES[id] ?? titleOf(id), description: about.get(id) ?? '', stages }
    })
    .sort((a, b) => a.id.localeCompare(b.id))
}

/** Program files (by base name) of one example. */
async function exampleSources(id: string): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (const [path, load] of Object.entries(programFiles)) {
    if (idOf(path) === id) out.set(path.slice(path.lastIndexOf('/') + 1), await load())
  }
  return out
}

export function inlineSources(job: JobDocument, files: Map<string, string>): JobDocument {
  const inline = (g: GroupDoc): GroupDoc => {
    const path = g.exec.path
    if (g.exec.source !== undefined || !path) return g
    const base = path.slice(path.lastIndexOf('/') + 1)
    const source = files.get(base)
    if (source === undefined) return g
    const { path: _path, ...exec } = g.exec
    return {
      ...g,
      exec: { ...exec, image: 'js', lang: base.endsWith('.ts') ? 'ts' : 'js', source },
    }
  }
  return { ...job, groups: job.groups.map(inline) }
}

export async function loadExample(id: string): Promise<JobDocument> {
  const entry = Object.entries(jobFiles).find(([p]) => idOf(p) === id)
  if (!entry) throw new Error(`no example "${id}"`)
  return inlineSources(toJobDocument(structuredClone(entry[1])), await exampleSources(id))
}
