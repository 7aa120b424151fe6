import { execFile } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
} from 'node:fs'
import { once } from 'node:events'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openHarness, type Harness } from './harness.ts'

const SWIFT = '/usr/bin/swift'
const run = promisify(execFile)
const MB = 1024 * 1024
const SIZE = 300 * MB

/** Writes `size` bytes (a random 1 MiB block varied per MiB) to `path`; returns their MD5. */
async function makeFile(path: string, size: number): Promise<string> {
  const block = randomBytes(MB)
  const md5 = createHash('md5')
  const out = createWriteStream(path)
  for (let i = 0; i < size / MB; i++) {
    const chunk = Buffer.from(block)
    chunk.writeUInt32LE(i, 0)
    md5.update(chunk)
    if (!out.write(chunk)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
  return md5.digest('hex')
}

async function md5File(path: string): Promise<string> {
  const md5 = createHash('md5')
  for await (const chunk of createReadStream(path)) md5.update(chunk as Buffer)
  return md5.digest('hex')
}

describe.skipIf(!existsSync(SWIFT))(
  'the real swift client with large objects (300 MB, 64 MB segments)',
  () => {
    let h: Harness
    let work: string
    let url: string
    let sum: string

    const swift = async (...args: string[]): Promise<string> => {
      const env = { ...process.env }
      for (const k of Object.keys(env))
        if (k.startsWith('OS_') || k.startsWith('ST_')) delete env[k]
      const { stdout } = await run(
        SWIFT,
        ['-A', `${url}/auth/v1.0`, '-U', 'admin:admin', '-K', 'admin', ...args],
        {
          cwd: work,
          env,
          maxBuffer: 4 * MB,
        },
      )
      return stdout
    }

    beforeAll(async () => {
      h = await openHarness({ mode: 'server' })
      const r = await h.fetch('/auth/v1.0', {
        headers: { 'X-Auth-User': 'admin:admin', 'X-Auth-Key': 'admin' },
      })
      url = new URL(r.headers.get('x-storage-url')!).origin
      work = mkdtempSync(join(tmpdir(), 'zerolab-swift-large-'))
      sum = await makeFile(join(work, 'big.bin'), SIZE)
    }, 300_000)
    afterAll(async () => {
      await h?.close()
      if (work) rmSync(work, { recursive: true, force: true })
    })

    for (const mode of ['dlo', 'slo'] as const) {
      it(
        `uploads with --segment-size 64M${mode === 'slo' ? ' --use-slo' : ''} and downloads it byte-identical (${mode.toUpperCase()})`,
        { timeout: 600_000 },
        async () => {
          const c = `large-${mode}`
          const flags = ['--segment-size', '64M', ...(mode === 'slo' ? ['--use-slo'] : [])]
          await swift('upload', ...flags, c, 'big.bin')
          // five 64 MiB segments (the last one 44 MiB) in <container>_segments
          const segs = (await swift('list', `${c}_segments`)).trim().split('\n')
          expect(segs).toHaveLength(5)
          const stat = await swift('stat', c, 'big.bin')
          expect(stat).toMatch(new RegExp(`Content Length: ${SIZE}`))
          expect(stat).toMatch(
            mode === 'slo' ? /X-Static-Large-Object: True/ : /Manifest: large-dlo_segments\//,
          )
          const out = join(work, `${mode}.out`)
          await swift('download', c, 'big.bin', '-o', out)
          expect(await md5File(out)).toBe(sum)
          rmSync(out)
          // a ranged read across the first segment boundary
          const auth = await h.fetch('/auth/v1.0', {
            headers: { 'X-Auth-User': 'admin:admin', 'X-Auth-Key': 'admin' },
          })
          const r = await h.fetch(`/v1/AUTH_admin/${c}/big.bin`, {
            headers: {
              'X-Auth-Token': auth.headers.get('x-auth-token')!,
              Range: `bytes=${64 * MB - 2}-${64 * MB + 1}`,
            },
          })
          expect(r.status).toBe(206)
          const want = Buffer.alloc(4)
          const fd = openSync(join(work, 'big.bin'), 'r')
          readSync(fd, want, 0, 4, 64 * MB - 2)
          closeSync(fd)
          expect(Buffer.from(await r.arrayBuffer()).equals(want)).toBe(true)
          // delete the manifest and its segments, as `swift delete` does for large objects
          await swift('delete', c, 'big.bin')
          expect((await swift('list', `${c}_segments`)).trim()).toBe('')
        },
      )
    }
  },
)
