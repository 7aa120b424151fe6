/**
 * Split positions as a share (0..1) of a panel's size: the dock's share of the workspace height,
 * the editor's share of the dock's width. Pure.
 */
export const SPLIT_MIN = 0.2
export const SPLIT_MAX = 0.8
export const DOCK_DEFAULT = 0.45
export const EDITOR_DEFAULT = 0.5
const STEP = 0.05

export const clampSplit = (share: number, fallback: number): number =>
  Number.isFinite(share) ? Math.min(SPLIT_MAX, Math.max(SPLIT_MIN, share)) : fallback

/**
 * The share of the part *after* the divider (the dock below it) or *before* it (the editor left
 * of it) when the divider is dragged to `pos` inside a panel spanning [start, start + size].
 */
export function splitShareAt(
  pos: number,
  start: number,
  size: number,
  o: { after: boolean; fallback: number },
): number {
  if (size <= 0) return o.fallback
  const before = (pos - start) / size
  return clampSplit(o.after ? 1 - before : before, o.fallback)
}

/** Arrow keys move the divider towards the key; Home/End go to the limits. */
export function splitShareForKey(
  share: number,
  key: string,
  o: { after: boolean; fallback: number },
): number | null {
  const grow = o.after ? ['ArrowUp', 'ArrowLeft'] : ['ArrowDown', 'ArrowRight']
  const shrink = o.after ? ['ArrowDown', 'ArrowRight'] : ['ArrowUp', 'ArrowLeft']
  if (grow.includes(key)) return clampSplit(share + STEP, o.fallback)
  if (shrink.includes(key)) return clampSplit(share - STEP, o.fallback)
  if (key === 'Home') return o.after ? SPLIT_MAX : SPLIT_MIN
  if (key === 'End') return o.after ? SPLIT_MIN : SPLIT_MAX
  return null
}
