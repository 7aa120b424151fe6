import { selectNode, updateJob } from '../../state/appStore.ts'
import { addGroup } from './jobEdits.ts'
import { PALETTE_ITEMS, PALETTE_MIME } from './paletteItems.ts'

/** Drag an item onto the canvas, or click it to add it next to the other nodes. */
export function Palette() {
  return (
    <section className="palette" aria-label="Node palette">
      <h2>Add a stage</h2>
      {PALETTE_ITEMS.map((item) => (
        <button
          key={item.kind}
          type="button"
          className="palette-item"
          draggable
          data-testid={`palette-${item.kind}`}
          title={`${item.hint} (drag onto the canvas or click)`}
          onDragStart={(e) => {
            e.dataTransfer.setData(PALETTE_MIME, item.kind)
            e.dataTransfer.effectAllowed = 'copy'
          }}
          onClick={() => {
            let added = ''
            updateJob((j) => {
              const maxX = Math.max(0, ...j.groups.map((g) => g.ui?.x ?? 0))
              const r = addGroup(j, item.kind, { x: maxX + 280, y: 40 })
              added = r.name
              return r.job
            })
            selectNode(added)
          }}
        >
          <span className={`badge image-${item.kind}`}>{item.kind}</span>
          {item.label}
        </button>
      ))}
    </section>
  )
}
