let lastTs = 0

/** Swift X-Timestamp: seconds with 5 decimals, strictly increasing within the process. */
export function swiftTimestamp(ms: number): string {
  const t = Math.max(ms / 1000, lastTs + 0.00001)
  lastTs = t
  return t.toFixed(5)
}
