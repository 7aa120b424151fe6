/** A thin promise layer over IndexedDB: open with an upgrade step, await requests and transactions. */

export function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result)
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'))
  })
}

/** Resolves when the transaction commits; rejects when it aborts (nothing of it is kept). */
export function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve()
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'))
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'))
  })
}

export function openDb(
  name: string,
  version: number,
  upgrade: (db: IDBDatabase, oldVersion: number, tx: IDBTransaction) => void,
): Promise<IDBDatabase> {
  const r = indexedDB.open(name, version)
  r.onupgradeneeded = (e) => upgrade(r.result, e.oldVersion, r.transaction!)
  return request(r).then((db) => {
    // Another tab upgrading the schema: let it, and reopen on next use.
    db.onversionchange = () => db.close()
    return db
  })
}

export function deleteDb(name: string): Promise<void> {
  return request(indexedDB.deleteDatabase(name)).then(() => undefined)
}

/** Visits keys of `store` in `range`; `visit` returns the key to continue at, or false to stop. */
export function walkKeys(
  store: IDBObjectStore | IDBIndex,
  range: IDBKeyRange,
  visit: (key: IDBValidKey) => IDBValidKey | boolean,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const r = store.openKeyCursor(range)
    r.onerror = () => reject(r.error ?? new Error('IndexedDB cursor failed'))
    r.onsuccess = () => {
      const c = r.result
      if (!c) return resolve()
      const next = visit(c.key)
      if (next === false) return resolve()
      if (next === true) c.continue()
      else c.continue(next)
    }
  })
}
