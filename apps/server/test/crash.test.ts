import Database from 'better-sqlite3'
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { INLINE_MAX } from '../src/storage/objectService.ts'

const SERVE = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'serve.ts')
const md5 = (b: Uint8Array): string => createHash('md5').update(b).digest('hex')

interface Child {
  proc: ChildProcess
  url: string
}

/** Starts `serve.ts` as a child on a random port and waits for its "listening on" line. */
function startServer(data: string): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', SERVE, '--port', '0', '--data', data], {
    env: { ...process.env, ZEROLAB_USERS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return new Promise((ok, fail) => {
    let out = ''
    const onData = (d: Buffer): void => {
      out += d.toString()
      const m = /listening on (http:\/\/\S+)/.exec(out)
      if (m) ok({ proc, url: m[1]! })
    }
    proc.stdout!.on('data', onData)
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString()))
    proc.on('exit', (code) => fail(new Error(`server exited (${code}) before listening:\n${out}`)))
  })
}

const exited = (p: ChildProcess): Promise<void> =>
  new Promise((ok) =>
    p.exitCode !== null || p.signalCode !== null ? ok() : p.on('exit', () => ok()),
  )

/** A PUT whose body trickles in: 64 KiB every 15 ms, `total` bytes, chunked. Never awaited. */
function slowPut(url: string, token: string, total: number): void {
  const req = request(url, {
    method: 'PUT',
    headers: { 'X-Auth-Token': token, 'Transfer-Encoding': 'chunked' },
  })
  req.on('error', () => {})
  let sent = 0
  const tick = (): void => {
    if (sent >= total) return void req.end()
    req.write(randomBytes(64 * 1024))
    sent += 64 * 1024
    setTimeout(tick, 15)
  }
  tick()
}

describe('kill -9 during uploads and jobs', () => {
  const data = mkdtempSync(join(tmpdir(), 'zerolab-crash-'))
  const children: ChildProcess[] = []
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL')
    rmSync(data, { recursive: true, force: true })
  })

  it('keeps every committed object whole, shows nothing half-written, and the database consistent', async () => {
    const a = await startServer(data)
    children.push(a.proc)
    const auth = await fetch(`${a.url}/auth/v1.0`, {
      headers: { 'X-Auth-User': 'admin:admin', 'X-Auth-Key': 'admin' },
    })
    const token = auth.headers.get('x-auth-token')!
    const C = `${a.url}/v1/AUTH_admin/crash`
    expect((await fetch(C, { method: 'PUT', headers: { 'X-Auth-Token': token } })).status).toBe(201)

    const committed = new Map<string, string>()
    const put = async (name: string, bytes: Uint8Array): Promise<void> => {
      const r = await fetch(`${C}/${name}`, {
        method: 'PUT',
        headers: { 'X-Auth-Token': token },
        body: bytes as Uint8Array<ArrayBuffer>,
      })
      if (r.status === 201) committed.set(name, r.headers.get('etag')!)
    }
    for (let i = 0; i < 12; i++) await put(`base-${i}`, randomBytes(1000 + i * 50_000))
    expect(committed.size).toBe(12)

    // A job that finishes before the kill, and slow ones still running at the kill.
    const job = (name: string, loops: number): unknown => [
      {
        name,
        exec: {
          source: `let x = 0; for (let i = 0; i < ${loops}; i++) x += i % 7; console.log(x)`,
          lang: 'js',
        },
        devices: [{ name: 'stdout', path: `swift://AUTH_admin/crash/${name}.out` }],
        limits: { timeoutMs: 120_000 },
      },
    ]
    const submit = async (body: unknown): Promise<string> => {
      const r = await fetch(`${a.url}/api/jobs`, {
        method: 'POST',
        headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      })
      expect(r.status).toBe(202)
      return ((await r.json()) as { id: string }).id
    }
    const quick = await submit(job('quick', 10))
    for (;;) {
      const r = (await (
        await fetch(`${a.url}/api/jobs/${quick}`, { headers: { 'X-Auth-Token': token } })
      ).json()) as {
        status: string
      }
      if (r.status !== 'queued' && r.status !== 'running') break
      await new Promise((ok) => setTimeout(ok, 20))
    }
    const slowJobs = [await submit(job('slow-job-1', 5e9)), await submit(job('slow-job-2', 5e9))]

    // In flight at the kill: slow uploads (new names and overwrites of committed ones) and a
    // burst of quick uploads whose answers may or may not arrive.
    for (let i = 0; i < 4; i++) slowPut(`${C}/slow-${i}`, token, 8 * 1024 * 1024)
    for (let i = 0; i < 4; i++) slowPut(`${C}/base-${i}`, token, 8 * 1024 * 1024)
    const burst: Promise<void>[] = []
    for (let i = 0; i < 30; i++) burst.push(put(`burst-${i}`, randomBytes(200_000)).catch(() => {}))
    await new Promise((r) => setTimeout(r, 250))
    a.proc.kill('SIGKILL')
    await exited(a.proc)
    await Promise.allSettled(burst)
    // the kill really hit writes in progress: files no committed row references are on disk
    // (uploads cut short, and empty files pooled ahead of writes)
    const filesAtKill = readdirSync(join(data, 'objects')).flatMap((d) =>
      readdirSync(join(data, 'objects', d)),
    ).length

    const b = await startServer(data)
    children.push(b.proc)
    const auth2 = await fetch(`${b.url}/auth/v1.0`, {
      headers: { 'X-Auth-User': 'admin:admin', 'X-Auth-Key': 'admin' },
    })
    const t2 = { 'X-Auth-Token': auth2.headers.get('x-auth-token')! }
    const C2 = `${b.url}/v1/AUTH_admin/crash`
    const listing = (await (await fetch(`${C2}?format=json`, { headers: t2 })).json()) as {
      name: string
      hash: string
      bytes: number
    }[]
    const listed = new Map(listing.map((e) => [e.name, e]))
    // nothing committed is lost; the unfinished overwrites left the old versions in place
    for (const [name, etag] of committed) expect(listed.get(name)?.hash, name).toBe(etag)
    for (let i = 0; i < 4; i++) expect(listed.has(`slow-${i}`)).toBe(false)
    // every listed object is whole: its bytes hash to its ETag
    for (const e of listing) {
      const r = await fetch(`${C2}/${e.name}`, { headers: t2 })
      const bytes = new Uint8Array(await r.arrayBuffer())
      expect(bytes.byteLength, e.name).toBe(e.bytes)
      expect(md5(bytes), e.name).toBe(e.hash)
      expect(r.headers.get('etag')).toBe(e.hash)
    }
    // recovery swept temp files and orphans: one file per listed object too big to live
    // in its database row
    expect(readdirSync(join(data, 'tmp'))).toEqual([])
    const files = readdirSync(join(data, 'objects')).flatMap((d) =>
      readdirSync(join(data, 'objects', d)),
    )
    expect(files.length).toBe(listing.filter((e) => e.bytes > INLINE_MAX).length)
    expect(filesAtKill).toBeGreaterThan(files.length)

    // jobs: the finished one kept its result and output; the interrupted ones are failed
    const jobStatus = async (id: string): Promise<string> =>
      (
        (await (await fetch(`${b.url}/api/jobs/${id}`, { headers: t2 })).json()) as {
          status: string
        }
      ).status
    expect(await jobStatus(quick)).toBe('ok')
    expect(listed.has('quick.out')).toBe(true)
    for (const id of slowJobs) expect(await jobStatus(id)).toBe('failed')
    expect(listed.has('slow-job-1.out')).toBe(false)

    b.proc.kill('SIGKILL')
    await exited(b.proc)
    const db = new Database(join(data, 'zerolab.db'))
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(db.pragma('foreign_key_check')).toEqual([])
    const drift = db
      .prepare(
        `SELECT c.name FROM containers c
          WHERE c.object_count != (SELECT COUNT(*) FROM objects o WHERE o.container_id = c.id)
             OR c.bytes_used != (SELECT COALESCE(SUM(size), 0) FROM objects o WHERE o.container_id = c.id)`,
      )
      .all()
    expect(drift).toEqual([])
    const rows = db.prepare('SELECT COUNT(*) FROM objects').pluck().get()
    expect(rows).toBe(listing.length)
    db.close()
  })
})
