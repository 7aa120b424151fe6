import type { Edge, Node } from '@xyflow/react'
import { imageOfName } from '@zerolab/runtime'
import type { ImageKind } from '@zerolab/shared'
import {
  deviceName,
  groupDevices,
  type GroupDoc,
  type JobDocument,
} from '../../state/jobDocument.ts'
import { layeredLayout } from './layout.ts'

/** The node's badge: its image, with TypeScript told apart from JavaScript. */
export type NodeImage = ImageKind | 'ts' | 'unknown'

export interface GroupNodeData extends Record<string, unknown> {
  name: string
  image: NodeImage
  /** `×N`, `* per object` or null for a single instance. */
  fanOut: string | null
  /** Short program label: path or "inline". */
  program: string
  devices: string[]
}

export type GroupNode = Node<GroupNodeData, 'stage'>

export function nodeImage(g: GroupDoc): NodeImage {
  const { image, lang, path = '', source } = g.exec
  const kind = image ?? (source !== undefined ? 'js' : imageOfName(path))
  if (kind === 'js') return lang === 'ts' || (!lang && path.endsWith('.ts')) ? 'ts' : 'js'
  // By name alone a .wasm may be a module or a component; the node shows it as wasm.
  return kind ?? (path.endsWith('.wasm') ? 'wasm' : 'unknown')
}

const READ_DEVICES = new Set(['stdin', 'input', 'image'])

export function fanOut(g: GroupDoc): string | null {
  const wildcard = groupDevices(g).some(
    (d) => READ_DEVICES.has(deviceName(d)) && typeof d.path === 'string' && d.path.includes('*'),
  )
  if (wildcard) return '* per object'
  if (typeof g.count === 'number' && g.count > 1) return `×${g.count}`
  return null
}

export function groupNode(g: GroupDoc, position: { x: number; y: number }): GroupNode {
  return {
    id: g.name,
    type: 'stage',
    position,
    data: {
      name: g.name,
      image: nodeImage(g),
      fanOut: fanOut(g),
      program: g.exec.source !== undefined ? 'inline' : (g.exec.path ?? '—'),
      devices: groupDevices(g).map(deviceName).filter(Boolean),
    },
  }
}

export function jobEdges(job: JobDocument): Edge[] {
  const names = new Set(job.groups.map((g) => g.name))
  return job.groups.flatMap((g) =>
    (g.connect ?? [])
      .filter((dst) => names.has(dst) && dst !== g.name)
      .map((dst) => ({ id: `${g.name}->${dst}`, source: g.name, target: dst })),
  )
}

/** Nodes at their `ui` positions; groups without one are placed by the layered layout. */
export function jobToGraph(job: JobDocument): { nodes: GroupNode[]; edges: Edge[] } {
  const auto = job.groups.some((g) => !g.ui) ? layeredLayout(job.groups) : new Map()
  const nodes = job.groups.map((g) => groupNode(g, g.ui ?? auto.get(g.name) ?? { x: 0, y: 0 }))
  return { nodes, edges: jobEdges(job) }
}

/** Writes positions of every group from the layered layout (the "auto-layout" action). */
export function autoLayout(job: JobDocument): JobDocument {
  const pos = layeredLayout(job.groups)
  return {
    ...job,
    groups: job.groups.map((g) => ({ ...g, ui: pos.get(g.name) ?? { x: 0, y: 0 } })),
  }
}
