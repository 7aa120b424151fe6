/**
 * JSON.parse in slices. A 4 MiB job body of small tokens (50,000 env keys, 300,000 `{}`)
 * costs JSON.parse hundreds of ms of CPU in one piece, and every request waits behind it.
 * This parser does the same work a slice at a time (about `sliceChars` characters), so the
 * caller can yield to the event loop between slices. It accepts exactly JSON (RFC 8259, as
 * JSON.parse does) and builds the same value; strings and numbers are decoded by JSON.parse
 * and Number themselves. Nesting is capped (a job is a few levels deep), so the explicit
 * stack stays small.
 */

export const MAX_JSON_DEPTH = 256

type Frame =
  | { array: unknown[] }
  | { object: Record<string, unknown>; key: string | undefined; array?: undefined }

type State = 'value' | 'valueOrEnd' | 'keyOrEnd' | 'key' | 'colon' | 'commaOrEnd' | 'end'

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
// eslint-disable-next-line no-control-regex -- JSON strings may not hold raw control characters
const PLAIN_STRING = /[^"\\\u0000-\u001f]*/y

export class JsonSlices {
  private pos = 0
  private state: State = 'value'
  private readonly stack: Frame[] = []
  private result: unknown

  constructor(private readonly text: string) {}

  /** Parses about `sliceChars` more characters; the value once the text is done, else undefined. */
  step(sliceChars: number): { value: unknown } | undefined {
    const s = this.text
    const stop = this.pos + sliceChars
    while (this.pos < stop) {
      this.skipSpace()
      if (this.state === 'end') {
        if (this.pos < s.length) this.fail()
        return { value: this.result }
      }
      if (this.pos >= s.length) throw new SyntaxError('Unexpected end of JSON input')
      const c = s.charCodeAt(this.pos)
      switch (this.state) {
        case 'valueOrEnd':
        case 'value':
          if (this.state === 'valueOrEnd' && c === 0x5d /* ] */) {
            this.pos++
            this.close()
          } else this.value(c)
          break
        case 'keyOrEnd':
        case 'key': {
          if (this.state === 'keyOrEnd' && c === 0x7d /* } */) {
            this.pos++
            this.close()
            break
          }
          if (c !== 0x22) this.fail()
          const top = this.stack[this.stack.length - 1] as { key: string | undefined }
          top.key = this.string()
          this.state = 'colon'
          break
        }
        case 'colon':
          if (c !== 0x3a) this.fail()
          this.pos++
          this.state = 'value'
          break
        case 'commaOrEnd': {
          const top = this.stack[this.stack.length - 1]!
          this.pos++
          if (c === 0x2c /* , */) this.state = top.array ? 'value' : 'key'
          else if (c === (top.array ? 0x5d : 0x7d)) this.close()
          else {
            this.pos--
            this.fail()
          }
          break
        }
      }
    }
    return undefined
  }

  private skipSpace(): void {
    const s = this.text
    for (;;) {
      const c = s.charCodeAt(this.pos)
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.pos++
      else return
    }
  }

  private value(c: number): void {
    const s = this.text
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (this.stack.length >= MAX_JSON_DEPTH)
        throw new SyntaxError(`nested deeper than ${MAX_JSON_DEPTH} at position ${this.pos}`)
      this.pos++
      if (c === 0x7b) {
        this.stack.push({ object: {}, key: undefined })
        this.state = 'keyOrEnd'
      } else {
        this.stack.push({ array: [] })
        this.state = 'valueOrEnd'
      }
      return
    }
    if (c === 0x22) return this.emit(this.string())
    const word = c === 0x74 ? 'true' : c === 0x66 ? 'false' : c === 0x6e ? 'null' : undefined
    if (word) {
      if (!s.startsWith(word, this.pos)) this.fail()
      this.pos += word.length
      return this.emit(c === 0x74 ? true : c === 0x66 ? false : null)
    }
    NUMBER.lastIndex = this.pos
    const m = NUMBER.exec(s)
    if (!m || m[0].length === 0) this.fail()
    this.pos += m![0].length
    this.emit(Number(m![0]))
  }

  /** The string starting at the quote under `pos`; escapes are JSON.parse's to decode. */
  private string(): string {
    const s = this.text
    const start = this.pos + 1
    PLAIN_STRING.lastIndex = start
    PLAIN_STRING.exec(s)
    let end = PLAIN_STRING.lastIndex
    if (s.charCodeAt(end) === 0x22) {
      this.pos = end + 1
      return s.slice(start, end)
    }
    // Escapes: find the closing quote, then let JSON.parse decode (and check) the lexeme.
    while (end < s.length && s.charCodeAt(end) !== 0x22) end += s.charCodeAt(end) === 0x5c ? 2 : 1
    if (end >= s.length) throw new SyntaxError('Unterminated string in JSON')
    let out: string
    try {
      out = JSON.parse(s.slice(start - 1, end + 1)) as string
    } catch (e) {
      throw new SyntaxError(`${(e as Error).message} (string at position ${start - 1})`)
    }
    this.pos = end + 1
    return out
  }

  private emit(v: unknown): void {
    const top = this.stack[this.stack.length - 1]
    if (!top) {
      this.result = v
      this.state = 'end'
      return
    }
    if (top.array) top.array.push(v)
    else if (top.key === '__proto__')
      // JSON.parse makes an own property of it; assignment would set the prototype.
      Object.defineProperty(top.object, '__proto__', {
        value: v,
        writable: true,
        enumerable: true,
        configurable: true,
      })
    else top.object[top.key!] = v
    this.state = 'commaOrEnd'
  }

  private close(): void {
    const f = this.stack.pop()!
    this.emit(f.array ?? f.object)
  }

  private fail(): never {
    const c = this.text[this.pos]
    throw new SyntaxError(
      c === undefined
        ? 'Unexpected end of JSON input'
        : `Unexpected token ${JSON.stringify(c)} at position ${this.pos}`,
    )
  }
}

/** Characters one slice parses: a few ms of CPU for the densest JSON. */
export const JSON_SLICE_CHARS = 16 * 1024

/**
 * Parses `text` like JSON.parse, yielding to the event loop between slices (texts of one
 * slice or less are parsed by JSON.parse at once). Throws SyntaxError as JSON.parse does.
 */
export async function parseJsonInSlices(
  text: string,
  sliceChars = JSON_SLICE_CHARS,
): Promise<unknown> {
  if (text.length <= sliceChars) return JSON.parse(text) as unknown
  const p = new JsonSlices(text)
  for (;;) {
    const done = p.step(sliceChars)
    if (done) return done.value
    await new Promise((ok) => setImmediate(ok))
  }
}
