/**
 * A valid command module of about `bytes` bytes: `_start` plus many functions of dead
 * arithmetic, the shape of a large program's code section (what compiling costs).
 */
export function bigModule(bytes: number): Uint8Array {
  const leb = (v: number): number[] => {
    const out: number[] = []
    do {
      let b = v & 0x7f
      v = Math.floor(v / 128)
      if (v) b |= 0x80
      out.push(b)
    } while (v)
    return out
  }
  const section = (id: number, body: number[] | Uint8Array): number[] => [
    id,
    ...leb(body.length),
    ...body,
  ]
  // body: no locals; (i32.const 1) (i32.const 2) i32.add drop, repeated; end
  const unit = [0x41, 0x01, 0x41, 0x02, 0x6a, 0x1a]
  const perFn = Number(process.env.PERFN ?? 240)
  const inner = Array.from({ length: Math.floor(perFn / unit.length) }, () => unit).flat()
  const fnBody = [0x00, ...inner, 0x0b]
  const fnEntry = [...leb(fnBody.length), ...fnBody]
  const n = Math.max(1, Math.floor(bytes / fnEntry.length))
  const code = new Uint8Array(leb(n).length + n * fnEntry.length)
  code.set(leb(n))
  for (let i = 0, at = leb(n).length; i < n; i++, at += fnEntry.length) code.set(fnEntry, at)
  const funcs = [...leb(n), ...new Array<number>(n).fill(0)]
  const exports = [
    1,
    ...leb(6),
    ...Buffer.from('_start'),
    0x00,
    0x00,
    ...leb(6),
    ...Buffer.from('memory'),
    0x02,
    0x00,
  ].slice(0)
  exports[0] = 2
  const parts = [
    [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    section(1, [1, 0x60, 0, 0]),
    section(3, funcs),
    section(5, [1, 0x00, 1]),
    section(7, exports),
    [10, ...leb(code.length)],
  ]
  const head = parts.flat()
  const out = new Uint8Array(head.length + code.length)
  out.set(head)
  out.set(code, head.length)
  return out
}
