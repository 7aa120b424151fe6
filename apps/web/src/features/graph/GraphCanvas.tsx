import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  applyNodeChanges,
  useReactFlow,
  type Connection,
  type Edge,
  type NodeChange,
  type NodeTypes,
} from '@xyflow/react'
import { useCallback, useEffect, useMemo, useState, type DragEvent } from 'react'
import {
  selectNode,
  updateJob,
  useApp,
  useJob,
  useSelected,
  useTheme,
} from '../../state/appStore.ts'
import {
  addGroup,
  connectGroups,
  disconnectGroups,
  moveGroups,
  removeGroups,
  type NewNodeKind,
} from './jobEdits.ts'
import { formatBytes } from '../../ui/preview.ts'
import { JobNode } from './JobNode.tsx'
import { jobToGraph, type GroupNode } from './jobToGraph.ts'
import { PALETTE_MIME } from './paletteItems.ts'
import { registerVisibleCenter } from './canvasView.ts'
import { useCanvasKeys } from './useCanvasKeys.ts'

const nodeTypes: NodeTypes = { stage: JobNode }

function Canvas() {
  const job = useJob()
  const selected = useSelected()
  const theme = useTheme()
  const openCount = useApp((s) => s.openCount)
  const flow = useReactFlow()
  const canvasKeys = useCanvasKeys()
  const graph = useMemo(() => jobToGraph(job), [job])
  // What the last run sent along each edge, on the edge.
  const flows = useApp((s) => s.flows)
  const edges = useMemo(
    () =>
      graph.edges.map((e) => {
        const f = flows[e.id]
        return f ? { ...e, label: formatBytes(f.bytes), className: 'has-flow' } : e
      }),
    [graph.edges, flows],
  )
  const [nodes, setNodes] = useState<GroupNode[]>(graph.nodes)

  // The job is the source of truth; local node state only carries drags in flight and the
  // measured sizes (a node without them is hidden until re-measured, so a double-click's
  // second click would fall through to the pane).
  useEffect(() => {
    setNodes((prev) => {
      const measured = new Map(prev.map((n) => [n.id, n.measured]))
      return graph.nodes.map((n) => ({
        ...n,
        measured: measured.get(n.id),
        selected: n.id === selected,
      }))
    })
  }, [graph, selected])

  useEffect(() => {
    if (openCount > 0)
      requestAnimationFrame(() => void flow.fitView({ padding: 0.2, maxZoom: 1.2 }))
  }, [openCount, flow])

  useEffect(() => {
    registerVisibleCenter(() => {
      const box = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect()
      if (!box || box.width === 0) return null
      return flow.screenToFlowPosition({ x: box.x + box.width / 2, y: box.y + box.height / 2 })
    })
    return () => registerVisibleCenter(null)
  }, [flow])

  const onNodesChange = useCallback((changes: NodeChange<GroupNode>[]) => {
    setNodes((ns) => applyNodeChanges(changes, ns))
  }, [])

  const onNodeDragStop = useCallback((_e: unknown, _node: GroupNode, dragged: GroupNode[]) => {
    updateJob((j) => moveGroups(j, new Map(dragged.map((n) => [n.id, n.position]))))
  }, [])

  const onConnect = useCallback((c: Connection) => {
    updateJob((j) => connectGroups(j, c.source, c.target))
  }, [])

  const onDelete = useCallback(
    ({ nodes: ns, edges }: { nodes: GroupNode[]; edges: Edge[] }) => {
      updateJob((j) => {
        let next = removeGroups(
          j,
          ns.map((n) => n.id),
        )
        for (const e of edges) next = disconnectGroups(next, e.source, e.target)
        return next
      })
      if (ns.some((n) => n.id === selected)) selectNode(null)
    },
    [selected],
  )

  const onDragOver = useCallback((e: DragEvent) => {
    if (e.dataTransfer.types.includes(PALETTE_MIME)) {
      e.preventDefault()
      e.dataTransfer.dropEffect = 'copy'
    }
  }, [])

  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(PALETTE_MIME) as NewNodeKind | ''
      if (!kind) return
      e.preventDefault()
      const position = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY })
      let added = ''
      updateJob((j) => {
        const r = addGroup(j, kind, { x: position.x - 90, y: position.y - 30 })
        added = r.name
        return r.job
      })
      selectNode(added)
    },
    [flow],
  )

  return (
    <ReactFlow<GroupNode, Edge>
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      onNodesChange={onNodesChange}
      onNodeDragStop={onNodeDragStop}
      onConnect={onConnect}
      onDelete={onDelete}
      onNodeClick={(_e, n) => selectNode(n.id)}
      onNodeDoubleClick={(_e, n) => {
        // Double-click renames: select the node and put the caret in the inspector's name field.
        selectNode(n.id)
        requestAnimationFrame(() => {
          const input = document.querySelector<HTMLInputElement>('[data-testid="node-name"]')
          input?.focus()
          input?.select()
        })
      }}
      onPaneClick={() => selectNode(null)}
      onDragOver={onDragOver}
      onDrop={onDrop}
      colorMode={theme}
      fitView
      fitViewOptions={{ padding: 0.2, maxZoom: 1.2 }}
      {...canvasKeys.keys}
      {...canvasKeys.focusProps}
      zoomOnDoubleClick={false}
      defaultEdgeOptions={{ animated: false }}
      proOptions={{ hideAttribution: true }}
      aria-label="Job graph"
      data-testid="canvas"
    >
      <Background gap={20} />
      {job.groups.length === 0 && (
        <div className="canvas-empty" data-testid="canvas-empty">
          <strong>An empty job.</strong> Drag a stage here from the palette on the left (or click
          one), or start from an Example or a Lesson in the top bar.
        </div>
      )}
      <Controls showInteractive={false} />
      <MiniMap pannable zoomable style={{ width: 140, height: 90 }} />
    </ReactFlow>
  )
}

export function GraphCanvas() {
  return (
    <ReactFlowProvider>
      <Canvas />
    </ReactFlowProvider>
  )
}
