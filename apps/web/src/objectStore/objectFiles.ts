import { splitObjectPath, type ObjectStore, type PutOptions } from '@zerolab/runtime'

/** Streams a dropped or picked File into the store, a chunk at a time. */
export async function uploadFile(
  store: ObjectStore,
  path: string,
  file: Blob,
  opts?: PutOptions,
): Promise<void> {
  const w = await store.create(...splitObjectPath(path), opts)
  try {
    const reader = file.stream().getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      await w.write(w.bytes, value)
    }
    await w.commit()
  } catch (e) {
    await w.abort()
    throw e
  }
}

/** An object as a Blob for a download link, read in 1 MiB pieces. */
export async function objectBlob(store: ObjectStore, path: string): Promise<Blob | undefined> {
  const r = await store.open(...splitObjectPath(path))
  if (!r) return undefined
  try {
    const parts: Uint8Array<ArrayBuffer>[] = []
    for (let at = 0; at < r.info.bytes;) {
      const buf = new Uint8Array(Math.min(1 << 20, r.info.bytes - at))
      const n = await r.read(at, buf)
      if (n === 0) break
      parts.push(buf.subarray(0, n))
      at += n
    }
    return new Blob(parts, { type: r.info.contentType })
  } finally {
    await r.close()
  }
}
