/**
 * Version 1 kept each object's bytes whole in a `blobs` store keyed like its row. Version 2
 * keeps them in CHUNK-sized records keyed [blob id, index]: this moves every object over,
 * inside the upgrade transaction (all or nothing), then drops `blobs`.
 */
export function migrateWholeBlobs(
  db: IDBDatabase,
  tx: IDBTransaction,
  newBlobId: () => string,
): void {
  if (!db.objectStoreNames.contains('blobs')) return
  const meta = tx.objectStore('objects')
  const blobs = tx.objectStore('blobs')
  const chunks = tx.objectStore('chunks')
  const cursor = meta.openCursor()
  cursor.onsuccess = () => {
    const c = cursor.result
    if (!c) {
      db.deleteObjectStore('blobs')
      return
    }
    const row = c.value as { blob?: string } & Record<string, unknown>
    const get = blobs.get(c.primaryKey)
    get.onsuccess = () => {
      const data = (get.result as Uint8Array | undefined) ?? new Uint8Array(0)
      const blob = newBlobId()
      for (let i = 0; i * CHUNK_V2 < data.length; i++)
        chunks.put(data.slice(i * CHUNK_V2, (i + 1) * CHUNK_V2), [blob, i])
      c.update({ ...row, blob, bytes: data.length })
      c.continue()
    }
  }
}

/** Must equal idbObjectStore's CHUNK (kept here so the migration is frozen with its version). */
const CHUNK_V2 = 256 * 1024
