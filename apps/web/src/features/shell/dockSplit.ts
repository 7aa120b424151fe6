/** The canvas/dock split as the dock's share of the centre column's height. Pure. */
export const DOCK_MIN = 0.2
export const DOCK_MAX = 0.8
export const DOCK_DEFAULT = 0.42
const STEP = 0.05

export const clampDock = (share: number): number =>
  Number.isFinite(share) ? Math.min(DOCK_MAX, Math.max(DOCK_MIN, share)) : DOCK_DEFAULT

/** Dock share when the divider is dragged to `y` inside a column spanning [top, top + height]. */
export const dockShareAt = (y: number, top: number, height: number): number =>
  clampDock(height > 0 ? 1 - (y - top) / height : DOCK_DEFAULT)

/** Arrow keys move the divider (the dock grows with ArrowUp), Home/End go to the limits. */
export function dockShareForKey(share: number, key: string): number | null {
  if (key === 'ArrowUp') return clampDock(share + STEP)
  if (key === 'ArrowDown') return clampDock(share - STEP)
  if (key === 'Home') return DOCK_MAX
  if (key === 'End') return DOCK_MIN
  return null
}
