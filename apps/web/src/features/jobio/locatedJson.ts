/**
 * A JSON parser that remembers where every value sits, so errors can name a JSON path
 * (`groups[0].exec`) and a path can be turned back into a text range for editor markers.
 */
export type PathSegment = string | number

export interface TextRange {
  start: number
  end: number
}

export interface LocatedJson {
  value: unknown
  /** Text range of every value, keyed by its formatted path ('' is the root). */
  ranges: Map<string, TextRange>
}

export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError'
  readonly reason: string
  readonly path: string
  readonly offset: number
  readonly line: number
  readonly column: number

  constructor(at: { reason: string; path: string; offset: number; line: number; column: number }) {
    super(`${at.path || '(root)'}: ${at.reason} at line ${at.line}, column ${at.column}`)
    this.reason = at.reason
    this.path = at.path
    this.offset = at.offset
    this.line = at.line
    this.column = at.column
  }
}

const IDENT = /^[A-Za-z_$][\w$]*$/

export function formatPath(segments: readonly PathSegment[]): string {
  let out = ''
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`
    else if (IDENT.test(s)) out += out ? `.${s}` : s
    else out += `[${JSON.stringify(s)}]`
  }
  return out
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: offset - lineStart + 1 }
}

export function parseLocated(text: string): LocatedJson {
  const ranges = new Map<string, TextRange>()
  const path: PathSegment[] = []
  let i = 0

  const fail = (reason: string, at = i): never => {
    const { line, column } = lineColumn(text, at)
    throw new JsonSyntaxError({ reason, path: formatPath(path), offset: at, line, column })
  }
  const describe = (): string => (i >= text.length ? 'end of input' : `"${text[i]}"`)
  const skipWs = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++
  }
  const expect = (ch: string, what: string): void => {
    skipWs()
    if (text[i] !== ch) fail(`expected ${what} but found ${describe()}`)
    i++
  }

  const parseString = (): string => {
    const start = i
    i++ // opening quote
    let out = ''
    while (i < text.length) {
      const ch = text[i]!
      if (ch === '"') {
        i++
        return out
      }
      if (ch === '\\') {
        const esc = text[i + 1]
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        }
        if (esc !== undefined && esc in simple) {
          out += simple[esc]
          i += 2
        } else if (esc === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16))
          i += 6
        } else fail('invalid escape in string')
      } else if (ch.charCodeAt(0) < 0x20) {
        fail('unescaped control character in string')
      } else {
        out += ch
        i++
      }
    }
    return fail('unterminated string', start)
  }

  const parseValue = (): unknown => {
    skipWs()
    const start = i
    const ch = text[i]
    let value: unknown
    if (ch === '{') value = parseObject()
    else if (ch === '[') value = parseArray()
    else if (ch === '"') value = parseString()
    else if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) {
      const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i))
      if (!m) fail(`invalid number`)
      i += m![0].length
      value = Number(m![0])
    } else {
      const word = /^(true|false|null)/.exec(text.slice(i))
      if (!word) fail(`unexpected ${describe()}`)
      i += word![0].length
      value = word![0] === 'null' ? null : word![0] === 'true'
    }
    ranges.set(formatPath(path), { start, end: i })
    return value
  }

  // Reads `item (, item)* close` after the opening bracket; each item keeps its own path segment.
  const parseItems = (close: '}' | ']', item: () => void): void => {
    i++
    skipWs()
    if (text[i] === close) {
      i++
      return
    }
    for (;;) {
      item()
      skipWs()
      const sep = text[i]
      if (sep === close) {
        i++
        return
      }
      if (sep !== ',') fail(`expected "," or "${close}" but found ${describe()}`)
      i++
      skipWs()
      if (text[i] === close) fail(`trailing comma before "${close}"`)
    }
  }

  const parseObject = (): Record<string, unknown> => {
    const out: Record<string, unknown> = {}
    parseItems('}', () => {
      skipWs()
      if (text[i] !== '"') fail(`expected a property name in quotes but found ${describe()}`)
      const key = parseString()
      path.push(key)
      expect(':', '":" after the property name')
      out[key] = parseValue()
      path.pop()
    })
    return out
  }

  const parseArray = (): unknown[] => {
    const out: unknown[] = []
    parseItems(']', () => {
      path.push(out.length)
      out.push(parseValue())
      path.pop()
    })
    return out
  }

  const value = parseValue()
  skipWs()
  if (i < text.length) fail(`unexpected ${describe()} after the end of the JSON value`)
  return { value, ranges }
}

/** The range of the longest prefix of `path` that exists in the text (for inline markers). */
export function rangeOfPath(located: LocatedJson, path: string): TextRange | undefined {
  let p = path
  for (;;) {
    const r = located.ranges.get(p)
    if (r) return r
    if (!p) return undefined
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['))
    p = cut > 0 ? p.slice(0, cut) : ''
  }
}
