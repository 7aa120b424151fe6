import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openHarness, type Harness } from './harness.ts'

const SWIFT = '/usr/bin/swift'
const run = promisify(execFile)
const hasSwift = existsSync(SWIFT)
if (!hasSwift)
  console.warn(
    `skipping the swift client test: ${SWIFT} is missing (apt-get install python3-swiftclient)`,
  )

describe.skipIf(!hasSwift)('the real OpenStack swift client (python3-swiftclient)', () => {
  let h: Harness
  let work: string
  let url: string

  const swift = async (...args: string[]): Promise<string> => {
    const env = { ...process.env }
    for (const k of Object.keys(env)) if (k.startsWith('OS_') || k.startsWith('ST_')) delete env[k]
    const { stdout } = await run(
      SWIFT,
      ['-A', `${url}/auth/v1.0`, '-U', 'admin:admin', '-K', 'admin', ...args],
      {
        cwd: work,
        env,
        maxBuffer: 64 * 1024 * 1024,
      },
    )
    return stdout
  }

  beforeAll(async () => {
    h = await openHarness({ mode: 'server' })
    url = await serverUrl(h)
    work = mkdtempSync(join(tmpdir(), 'zerolab-swiftcli-'))
  })
  afterAll(async () => {
    await h.close()
    rmSync(work, { recursive: true, force: true })
  })

  // 18 runs of the Python client, each a few seconds on a loaded machine.
  it(
    'stat, post, upload a multi-MB file and a folder, list, download byte-identical, delete',
    { timeout: 240_000 },
    async () => {
      const stat = await swift('stat')
      expect(stat).toMatch(/Account: AUTH_admin/)
      expect(stat).toMatch(/Containers: 0/)

      await swift('post', 'zerovm')
      await swift('post', '-r', '.r:*', '-m', 'color:blue', 'zerovm')
      const cstat = await swift('stat', 'zerovm')
      expect(cstat).toMatch(/Read ACL: \.r:\*/)
      expect(cstat).toMatch(/Meta Color: blue/)

      const big = randomBytes(6 * 1024 * 1024 + 123)
      writeFileSync(join(work, 'big.bin'), big)
      mkdirSync(join(work, 'folder/sub'), { recursive: true })
      const files: Record<string, Buffer> = {
        'folder/a.txt': Buffer.from('alpha\n'),
        'folder/sub/b.json': Buffer.from('{"b":1}'),
        'folder/sub/c.bin': randomBytes(70_000),
        'folder/empty.txt': Buffer.alloc(0),
      }
      for (const [p, b] of Object.entries(files)) writeFileSync(join(work, p), b)

      await swift('upload', 'zerovm', 'big.bin')
      await swift('upload', 'zerovm', 'folder')
      const listed = (await swift('list', 'zerovm')).trim().split('\n').sort()
      expect(listed).toEqual(['big.bin', ...Object.keys(files)].sort())
      expect((await swift('list')).trim()).toBe('zerovm')
      const prefixed = (await swift('list', 'zerovm', '--prefix', 'folder/sub/')).trim().split('\n')
      expect(prefixed).toEqual(['folder/sub/b.json', 'folder/sub/c.bin'])

      const ostat = await swift('stat', 'zerovm', 'big.bin')
      expect(ostat).toMatch(new RegExp(`Content Length: ${big.length}`))

      const out = join(work, 'out')
      await swift('download', 'zerovm', '-D', out)
      expect(readFileSync(join(out, 'big.bin')).equals(big)).toBe(true)
      for (const [p, b] of Object.entries(files))
        expect(readFileSync(join(out, p)).equals(b), p).toBe(true)

      await swift('copy', '--destination', '/zerovm/copy/big.bin', 'zerovm', 'big.bin')
      const copy = join(work, 'copy.bin')
      await swift('download', 'zerovm', 'copy/big.bin', '-o', copy)
      expect(readFileSync(copy).equals(big)).toBe(true)
      await swift('post', '-w', 'test', 'zerovm')
      expect(await swift('stat', 'zerovm')).toMatch(/Write ACL: test/)

      await swift('post', '-m', 'owner:me', 'zerovm', 'big.bin')
      expect(await swift('stat', 'zerovm', 'big.bin')).toMatch(/Meta Owner: me/)

      await swift('delete', 'zerovm')
      expect((await swift('list')).trim()).toBe('')
      const after = await swift('stat')
      expect(after).toMatch(/Objects: 0/)
    },
  )
})

/** The harness's listening URL (the token endpoint tells its own storage URL). */
async function serverUrl(h: Harness): Promise<string> {
  const r = await h.fetch('/auth/v1.0', {
    headers: { 'X-Auth-User': 'admin:admin', 'X-Auth-Key': 'admin' },
  })
  return new URL(r.headers.get('x-storage-url')!).origin
}
