import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface CurlResult {
  status: number
  headers: Record<string, string>
  body: string
}

/** Runs real curl with `-i` and splits the answer (the last header block wins). */
export async function curl(args: string[]): Promise<CurlResult> {
  const { stdout } = await run('curl', ['-s', '-i', ...args], { maxBuffer: 16 * 1024 * 1024 })
  let rest = stdout
  let head = ''
  // Skip `100 Continue` blocks.
  for (;;) {
    const i = rest.indexOf('\r\n\r\n')
    head = rest.slice(0, i)
    rest = rest.slice(i + 4)
    if (!/^HTTP\/[\d.]+ 100/.test(head)) break
  }
  const [statusLine, ...lines] = head.split('\r\n')
  const headers: Record<string, string> = {}
  for (const l of lines) {
    const c = l.indexOf(':')
    headers[l.slice(0, c).toLowerCase()] = l.slice(c + 1).trim()
  }
  return { status: Number(statusLine!.split(' ')[1]), headers, body: rest }
}
