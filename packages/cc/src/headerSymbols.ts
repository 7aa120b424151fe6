/** A documented name of a C header, for editor completions and hovers. */
export interface HeaderSymbol {
  name: string
  kind: 'function' | 'macro' | 'type' | 'constant'
  /** The declaration as a user reads it: `char *zl_read(const char *channel, size_t *len)`. */
  signature: string
  /** Parameter declarations of a function or macro, in order. */
  params: string[]
  doc: string
}

const DOC = /\/\*\*([\s\S]*?)\*\/[ \t]*\n/g

/** Top-level comma split (a parameter may hold parentheses, as a function pointer does). */
function splitParams(list: string): string[] {
  const out: string[] = []
  let depth = 0
  let cur = ''
  for (const ch of list) {
    if (ch === '(') depth++
    if (ch === ')') depth--
    if (ch === ',' && depth === 0) {
      out.push(cur.trim())
      cur = ''
    } else cur += ch
  }
  if (cur.trim()) out.push(cur.trim())
  return out.filter((p) => p !== 'void')
}

function symbolOf(decl: string, doc: string): HeaderSymbol | undefined {
  const define = /^#define\s+(\w+)(\(([^)]*)\))?\s*(.*)$/.exec(
    decl.split('\n')[0]!.replace(/\\$/, '').trim(),
  )
  if (define) {
    const [, name, call, params] = define
    return call
      ? {
          name: name!,
          kind: 'macro',
          signature: `${name}${call}`,
          params: splitParams(params!),
          doc,
        }
      : { name: name!, kind: 'constant', signature: name!, params: [], doc }
  }
  const typedef = /^typedef\s+struct\s+(\w+)/.exec(decl)
  if (typedef)
    return { name: typedef[1]!, kind: 'type', signature: `${typedef[1]} (struct)`, params: [], doc }
  const head = decl
    .split(/[{;]/)[0]!
    .replace(/__attribute__\(\((?:[^()]|\([^()]*\))*\)\)/g, '')
    .replace(/\s+/g, ' ')
    .trim()
  const fn = /^(?:static\s+)?(?:inline\s+)?(.*?\b(\w+))\s*\((.*)\)$/.exec(head)
  if (!fn) return undefined
  return {
    name: fn[2]!,
    kind: 'function',
    signature: `${fn[1]}(${fn[3]})`,
    params: splitParams(fn[3]!),
    doc,
  }
}

/** Every `/** … *\/`-documented declaration of a header (helpers named `x__y` are private). */
export function headerSymbols(header: string): HeaderSymbol[] {
  const out: HeaderSymbol[] = []
  for (const m of header.matchAll(DOC)) {
    const doc = m[1]!
      .replace(/^\s*\*\s?/gm, '')
      .replace(/\s+/g, ' ')
      .trim()
    const rest = header.slice(m.index + m[0].length)
    const s = symbolOf(rest.slice(0, rest.search(/[{;]|\n\s*\n|\n#|\\\n/) + 1 || rest.length), doc)
    if (s && !s.name.includes('__')) out.push(s)
  }
  return out
}
