import type { CachedModule, ModuleCache } from '@zerolab/cc'
import { done, openDb, request } from '../objectStore/idb.ts'

const STORE = 'modules'
/** Modules kept; the least recently compiled or used go first. */
const MAX_ENTRIES = 64

interface Row extends CachedModule {
  used: number
}

/** Compiled modules by source key in IndexedDB, so a reload or a new tab compiles nothing. */
export class IdbModuleCache implements ModuleCache {
  private db: Promise<IDBDatabase> | undefined

  constructor(private readonly name = 'zerolab-modules') {}

  private open(): Promise<IDBDatabase> {
    return (this.db ??= openDb(this.name, 1, (db) => {
      db.createObjectStore(STORE).createIndex('used', 'used')
    }))
  }

  async get(key: string): Promise<CachedModule | undefined> {
    const db = await this.open()
    const tx = db.transaction(STORE, 'readwrite')
    const store = tx.objectStore(STORE)
    const row = (await request(store.get(key))) as Row | undefined
    if (row) store.put({ ...row, used: Date.now() }, key)
    await done(tx)
    return row && { wasm: row.wasm, log: row.log, diagnostics: row.diagnostics }
  }

  async put(key: string, m: CachedModule): Promise<void> {
    const db = await this.open()
    const tx = db.transaction(STORE, 'readwrite')
    const store = tx.objectStore(STORE)
    store.put({ ...m, used: Date.now() } satisfies Row, key)
    const extra = (await request(store.count())) - MAX_ENTRIES
    if (extra > 0) {
      const oldest = await request(store.index('used').getAllKeys(null, extra))
      for (const k of oldest) store.delete(k)
    }
    await done(tx)
  }
}
