import { ZeroLabError } from '@zerolab/shared'
import { Md5 } from '../sandbox/common/md5.ts'
import {
  clampRange,
  type ByteRange,
  type ObjectInfo,
  type ObjectReader,
  type ObjectStore,
  type PutOptions,
} from './objectStore.ts'

/** `account/container/object` (the object name may contain `/`) as its three parts. */
export function splitObjectPath(path: string): [string, string, string] {
  const a = path.indexOf('/')
  const c = a < 0 ? -1 : path.indexOf('/', a + 1)
  if (a <= 0 || c <= a + 1 || c === path.length - 1)
    throw new ZeroLabError('INVALID_NAME', `not account/container/object: ${path}`, path)
  return [path.slice(0, a), path.slice(a + 1, c), path.slice(c + 1)]
}

/** A reader over bytes already in memory, which nobody mutates while it is open. */
export function bytesReader(info: ObjectInfo, data: Uint8Array): ObjectReader {
  return {
    info,
    read: async (offset, into) => {
      const start = Math.min(Math.max(0, offset), data.length)
      const n = Math.min(into.length, data.length - start)
      into.set(data.subarray(start, start + n))
      return n
    },
    close: async () => {},
  }
}

/** Reads `reader` from `start` to `end` (exclusive) into one array. */
export async function readRange(
  reader: ObjectReader,
  start: number,
  end: number,
): Promise<Uint8Array> {
  const data = new Uint8Array(end - start)
  let at = 0
  while (at < data.length) {
    const n = await reader.read(start + at, data.subarray(at))
    if (n === 0) break
    at += n
  }
  return at === data.length ? data : data.subarray(0, at)
}

/**
 * A small object (or a range of one) whole in memory: programs, job documents, tests. The
 * data path never uses it; it streams through `open`.
 */
export async function getObject(
  store: ObjectStore,
  path: string,
  range?: ByteRange,
): Promise<{ info: ObjectInfo; data: Uint8Array } | undefined> {
  const reader = await store.open(...splitObjectPath(path))
  if (!reader) return undefined
  try {
    const [start, end] = clampRange(reader.info.bytes, range)
    return { info: reader.info, data: await readRange(reader, start, end) }
  } finally {
    await reader.close()
  }
}

/** Writes a whole object from memory (seeding, uploads of small files, tests). */
export async function putObject(
  store: ObjectStore,
  path: string,
  data: Uint8Array | string,
  opts?: PutOptions,
): Promise<ObjectInfo> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data
  const [account, container, object] = splitObjectPath(path)
  const w = await store.create(account, container, object, opts)
  try {
    await w.write(0, bytes)
    return await w.commit()
  } catch (e) {
    await w.abort()
    throw e
  }
}

/**
 * The ETag of an object being written: MD5 updated as appends arrive; a random write makes
 * it stale, and the store then hashes the finished temporary object once at commit.
 */
export class EtagTracker {
  private md5: Md5 | undefined = new Md5()
  /** End of the furthest write. */
  bytes = 0

  /** Records a write of `chunk` at `offset`. */
  wrote(offset: number, chunk: Uint8Array): void {
    if (chunk.length === 0) return
    if (this.md5 && offset === this.bytes) this.md5.update(chunk)
    else this.md5 = undefined
    this.bytes = Math.max(this.bytes, offset + chunk.length)
  }

  /** The MD5, or undefined when a random write happened (hash the content instead). */
  digest(): string | undefined {
    return this.md5?.digestHex()
  }
}

/** MD5 of everything `reader` holds, read in 1 MiB pieces. */
export async function hashReader(
  read: (offset: number, into: Uint8Array) => Promise<number>,
): Promise<string> {
  const md5 = new Md5()
  const buf = new Uint8Array(1 << 20)
  for (let at = 0; ;) {
    const n = await read(at, buf)
    if (n === 0) return md5.digestHex()
    md5.update(buf.subarray(0, n))
    at += n
  }
}
