/**
 * Where the canvas currently looks, for gestures outside it (a palette click adds the node
 * where you can see it). GraphCanvas registers the function while it is mounted.
 */
export type Point = { x: number; y: number }

let visibleCenter: (() => Point | null) | null = null

export function registerVisibleCenter(fn: (() => Point | null) | null): void {
  visibleCenter = fn
}

/** The flow coordinates at the middle of the visible canvas, or null before it is drawn. */
export const canvasCenter = (): Point | null => visibleCenter?.() ?? null

/** A spot near `at` that no existing node occupies (nodes are about 220×90). */
export function freeSpot(at: Point, taken: Point[]): Point {
  const clear = (p: Point): boolean =>
    taken.every((t) => Math.abs(t.x - p.x) > 200 || Math.abs(t.y - p.y) > 90)
  for (let ring = 0; ring < 8; ring++) {
    const p = { x: at.x + ring * 40, y: at.y + ring * 100 }
    if (clear(p)) return p
  }
  return at
}
