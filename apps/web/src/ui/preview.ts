/** What the data and results panels show for an object: text, or a hex dump for binary. */
export interface Preview {
  kind: 'text' | 'hex' | 'empty'
  text: string
  /** True when only the first `limit` bytes are shown. */
  truncated: boolean
  total: number
}

export const PREVIEW_LIMIT = 4096

/** Returns the first `limit` bytes as text when they are UTF-8 without NULs, else as hex. */
export function previewBytes(bytes: Uint8Array, limit = PREVIEW_LIMIT): Preview {
  const total = bytes.byteLength
  if (total === 0) return { kind: 'empty', text: '', truncated: false, total }
  const head = bytes.subarray(0, limit)
  const truncated = total > head.byteLength
  const text = decodeText(head, truncated)
  if (text !== undefined) return { kind: 'text', text, truncated, total }
  return {
    kind: 'hex',
    text: hexDump(head.subarray(0, Math.min(head.byteLength, 1024))),
    truncated: total > 1024,
    total,
  }
}

function decodeText(head: Uint8Array, cut: boolean): string | undefined {
  if (head.includes(0)) return undefined
  // A cut may split a multi-byte character: drop an incomplete trailing sequence.
  let end = head.byteLength
  if (cut) {
    let back = 0
    while (back < 3 && end - back > 0 && ((head[end - back - 1] ?? 0) & 0xc0) === 0x80) back++
    const lead = head[end - back - 1] ?? 0
    const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1
    if (need > back + 1) end -= back + 1
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end))
  } catch {
    return undefined
  }
}

/** `00000000  48 65 6c 6c 6f 00 …  |Hello.…|`, 16 bytes a line. */
export function hexDump(bytes: Uint8Array): string {
  const lines: string[] = []
  for (let off = 0; off < bytes.byteLength; off += 16) {
    const row = bytes.subarray(off, off + 16)
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0')).join(' ')
    const ascii = Array.from(row, (b) =>
      b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.',
    ).join('')
    lines.push(`${off.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  |${ascii}|`)
  }
  return lines.join('\n')
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}
