import { selectNode, updateJob } from '../../state/appStore.ts'
import { canvasCenter, freeSpot } from './canvasView.ts'
import { addGroup } from './jobEdits.ts'
import { PALETTE_ITEMS, PALETTE_MIME } from './paletteItems.ts'

/** Drag an item onto the canvas, or click it to add it in the middle of what the canvas shows. */
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
              const center = canvasCenter() ?? { x: 0, y: 0 }
              const at = freeSpot(
                { x: center.x - 100, y: center.y - 40 },
                j.groups.map((g) => g.ui ?? { x: 0, y: 0 }),
              )
              const r = addGroup(j, item.kind, at)
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
