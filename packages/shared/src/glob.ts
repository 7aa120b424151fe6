/**
 * ZeroCloud wildcards: `*` matches any run of characters (newlines too) and nothing else is
 * special. A compiled glob matches in time linear in the text for a given pattern (each
 * literal segment is placed once with lastIndexOf, no backtracking), so a hostile pattern
 * such as `*a*a*a*a*b` against long names costs the same as a plain one.
 */
export interface Glob {
  /** The pattern as written. */
  readonly pattern: string
  /** Number of `*` in the pattern (the captures a match yields). */
  readonly stars: number
  /** The literal text before the first `*`: a listing prefix. */
  readonly prefix: string
  /** Whether `text` matches the whole pattern. */
  test(text: string): boolean
  /**
   * The text each `*` matched, or undefined when there is no match. Captures are those of
   * ZeroCloud's regex `^seg(.*)seg(.*)…$` (greedy: every `*` takes as much as it can, the
   * first one first).
   */
  match(text: string): string[] | undefined
}

export function compileGlob(pattern: string): Glob {
  const segs = pattern.split('*')
  const stars = segs.length - 1
  const first = segs[0]!
  const last = segs[stars]!
  const placeMiddle = (text: string): number[] | undefined => {
    // Greedy regex semantics: each literal between stars sits as far right as the later
    // ones allow, so place them right to left; the prefix must still fit before them.
    const at: number[] = new Array<number>(stars + 1)
    at[0] = 0
    at[stars] = text.length - last.length
    let limit = at[stars]!
    for (let i = stars - 1; i >= 1; i--) {
      const seg = segs[i]!
      const p = text.lastIndexOf(seg, limit - seg.length)
      if (p < 0 || limit - seg.length < 0) return undefined
      at[i] = p
      limit = p
    }
    return limit >= first.length ? at : undefined
  }
  const locate = (text: string): number[] | undefined => {
    if (stars === 0) return text === pattern ? [0] : undefined
    if (text.length < first.length + last.length) return undefined
    if (!text.startsWith(first) || !text.endsWith(last)) return undefined
    return placeMiddle(text)
  }
  return {
    pattern,
    stars,
    prefix: first,
    test: (text) => locate(text) !== undefined,
    match(text) {
      const at = locate(text)
      if (!at) return undefined
      const caps: string[] = []
      for (let i = 0; i < stars; i++) {
        const from = at[i]! + segs[i]!.length
        caps.push(text.slice(from, at[i + 1]!))
      }
      return caps
    },
  }
}

/** Replaces each `*` of `pattern` with `values(k)` for the k-th star. */
export function fillGlob(pattern: string, values: (k: number) => string): string {
  const segs = pattern.split('*')
  let out = segs[0]!
  for (let k = 1; k < segs.length; k++) out += values(k - 1) + segs[k]!
  return out
}

export function countStars(s: string): number {
  let n = 0
  for (let i = s.indexOf('*'); i >= 0; i = s.indexOf('*', i + 1)) n++
  return n
}
