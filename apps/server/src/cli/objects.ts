import { createHash } from 'node:crypto'
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { basename } from 'node:path'
import { parseArgs } from 'node:util'
import { ZeroLabError } from '@zerolab/shared'
import { connect, httpError, objectPath, send, type Remote } from './client.ts'
import { CliError, EXIT, usageError } from './cliError.ts'
import type { CliIo } from './io.ts'

const md5 = (b: Uint8Array): string => createHash('md5').update(b).digest('hex')

/** A local file's bytes, or a usage error naming it. */
export function readLocal(file: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(file))
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message
    throw new CliError('NOT_FOUND', `cannot read ${file} (${why})`, EXIT.usage, file)
  }
}

const auth = (r: Remote, h: Record<string, string> = {}): Record<string, string> => ({
  'X-Auth-Token': r.token,
  ...h,
})

/** `zerolab upload <container> <file…> [--name <object>]`: creates the container if needed. */
export async function uploadCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: 'string' } },
    strict: true,
  })
  const [container, ...files] = positionals
  if (!container || !files.length)
    throw usageError('usage: zerolab upload <container> <file…> [--name <object>]')
  if (values.name !== undefined && files.length !== 1)
    throw usageError('--name needs exactly one file')
  const data = files.map(readLocal) // every file must be readable before anything is sent
  const r = await connect(io)
  const c = await send(`${r.storageUrl}${objectPath(container)}`, {
    method: 'PUT',
    headers: auth(r),
  })
  if (!c.ok) throw await httpError(c, `create container ${container}`)
  await c.body?.cancel()
  for (let i = 0; i < files.length; i++) {
    const bytes = data[i]!
    const name = values.name ?? basename(files[i]!)
    const etag = md5(bytes)
    const res = await send(`${r.storageUrl}${objectPath(container, name)}`, {
      method: 'PUT',
      headers: auth(r, { ETag: etag, 'Content-Length': String(bytes.byteLength) }),
      body: bytes as Uint8Array<ArrayBuffer>,
    })
    if (!res.ok) throw await httpError(res, `upload ${container}/${name}`)
    await res.body?.cancel()
    io.out.write(`${container}/${name}\n`)
    io.err.write(`uploaded ${container}/${name} (${bytes.byteLength} bytes, etag ${etag})\n`)
  }
  return 0
}

interface Listed {
  name?: string
  subdir?: string
  bytes?: number
  count?: number
  hash?: string
  last_modified?: string
}

/** `zerolab list [container] [--prefix p] [--long]`: containers, or a container's objects. */
export async function listCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { prefix: { type: 'string' }, long: { type: 'boolean', short: 'l', default: false } },
    strict: true,
  })
  if (positionals.length > 1)
    throw usageError('usage: zerolab list [container] [--prefix <p>] [--long]')
  const container = positionals[0]
  const r = await connect(io)
  let marker = ''
  for (;;) {
    const q = new URLSearchParams({ format: 'json' })
    if (values.prefix) q.set('prefix', values.prefix)
    if (marker) q.set('marker', marker)
    const at = container === undefined ? '' : objectPath(container)
    const res = await send(`${r.storageUrl}${at}?${q}`, { headers: auth(r) })
    if (!res.ok) throw await httpError(res, `list ${container ?? 'containers'}`)
    const page = (await res.json()) as Listed[]
    for (const e of page) {
      const name = e.name ?? e.subdir ?? ''
      if (!values.long) io.out.write(`${name}\n`)
      else if (container === undefined)
        io.out.write(
          `${String(e.count ?? 0).padStart(8)} ${String(e.bytes ?? 0).padStart(12)}  ${name}\n`,
        )
      else
        io.out.write(
          `${String(e.bytes ?? 0).padStart(12)}  ${(e.last_modified ?? '').slice(0, 19)}  ${e.hash ?? ''}  ${name}\n`,
        )
    }
    if (!page.length) break
    marker = page[page.length - 1]!.name ?? page[page.length - 1]!.subdir ?? ''
  }
  return 0
}

/** `zerolab download <container>/<object> [-o file|-]`: checks the ETag, writes atomically. */
export async function downloadCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { output: { type: 'string', short: 'o' } },
    strict: true,
  })
  const target = positionals[0]
  const slash = target?.indexOf('/') ?? -1
  if (positionals.length !== 1 || !target || slash <= 0 || slash === target.length - 1)
    throw usageError('usage: zerolab download <container>/<object> [-o <file>|-]')
  const container = target.slice(0, slash)
  const object = target.slice(slash + 1)
  const r = await connect(io)
  const res = await send(`${r.storageUrl}${objectPath(container, object)}`, { headers: auth(r) })
  if (!res.ok) throw await httpError(res, `download ${target}`)
  const bytes = new Uint8Array(await res.arrayBuffer())
  const etag = res.headers.get('etag')?.replace(/"/g, '')
  if (etag && /^[0-9a-f]{32}$/.test(etag) && md5(bytes) !== etag)
    throw new ZeroLabError('ETAG_MISMATCH', `download ${target}: body does not match ETag ${etag}`)
  const out = values.output ?? basename(object)
  if (out === '-') {
    io.out.write(bytes)
    return 0
  }
  const tmp = `${out}.zerolab-${process.pid}.tmp`
  try {
    writeFileSync(tmp, bytes)
    renameSync(tmp, out)
  } catch (e) {
    rmSync(tmp, { force: true })
    throw new CliError(
      'INVALID_REQUEST',
      `cannot write ${out}: ${(e as Error).message}`,
      EXIT.usage,
      out,
    )
  }
  io.err.write(`downloaded ${target} to ${out} (${bytes.byteLength} bytes)\n`)
  return 0
}
