/**
 * The repo's examples/ folder, bundled at build time: every examples/<id>/job.json, with
 * JS/TS programs it names by path inlined as exec.source so the editor can show them.
 */
import type { GroupDoc, JobDocument } from '../../state/jobDocument.ts'
import { toJobDocument } from '../../state/jobDocument.ts'

export interface ExampleInfo {
  id: string
  title: string
  description: string
  stages: number
}

const jobs = import.meta.glob<unknown>('../../../../../examples/*/job.json', {
  eager: true,
  import: 'default',
})
const sources = import.meta.glob<string>('../../../../../examples/*/*.{js,ts,mjs}', {
  query: '?raw',
  import: 'default',
})
const readmes = import.meta.glob<string>('../../../../../examples/*/README.md', {
  eager: true,
  query: '?raw',
  import: 'default',
})

const idOf = (path: string): string => /examples\/([^/]+)\//.exec(path)?.[1] ?? path

const titleOf = (id: string): string =>
  id.replace(/[-_]+/g, ' ').replace(/^\w/, (c) => c.toUpperCase())

/** First paragraph of the README after its heading, or a line from the job. */
export function describeExample(readme: string | undefined): string {
  if (!readme) return ''
  const para = readme
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .find((p) => p && !p.startsWith('#') && !p.startsWith('```'))
  return (para ?? '').replace(/\s+/g, ' ').slice(0, 180)
}

export function listExamples(): ExampleInfo[] {
  return Object.entries(jobs)
    .map(([path, raw]) => {
      const id = idOf(path)
      const readme = Object.entries(readmes).find(([p]) => idOf(p) === id)?.[1]
      let stages = 0
      try {
        stages = toJobDocument(raw).groups.length
      } catch {
        stages = 0
      }
      const heading = readme ? /^#\s+(.+)$/m.exec(readme)?.[1] : undefined
      return { id, title: heading ?? titleOf(id), description: describeExample(readme), stages }
    })
    .sort((a, b) => a.id.localeCompare(b.id))
}

/** Program files (by base name) of one example. */
async function exampleSources(id: string): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (const [path, load] of Object.entries(sources)) {
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
  const entry = Object.entries(jobs).find(([p]) => idOf(p) === id)
  if (!entry) throw new Error(`no example "${id}"`)
  return inlineSources(toJobDocument(structuredClone(entry[1])), await exampleSources(id))
}
