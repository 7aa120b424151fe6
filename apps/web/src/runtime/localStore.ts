import type { ObjectStore } from '@zerolab/runtime'
import { notify } from '../state/appStore.ts'
import { createStore, useStore } from '../state/createStore.ts'

let opening: Promise<ObjectStore> | null = null

/**
 * The page's one local object store, opened (and seeded with samples) on first use: IndexedDB,
 * or an in-memory store when IndexedDB is unavailable (some private modes).
 */
export function getBrowserStore(): Promise<ObjectStore> {
  opening ??= (async () => {
    const [{ BrowserStore }, { sampleObjects, SAMPLES_VERSION }, { seedStore }] = await Promise.all(
      [import('./browserStore.ts'), import('./samples.ts'), import('./seedStore.ts')],
    )
    let store: ObjectStore
    let storage: Pick<Storage, 'getItem' | 'setItem'> | undefined
    try {
      const opened = await BrowserStore.open()
      store = opened
      // A new database (first visit, or site data cleared) is seeded whatever localStorage says.
      if (opened.fresh) storage = forgetful()
    } catch (e) {
      const { MemoryStore } = await import('@zerolab/runtime')
      store = new MemoryStore()
      storage = forgetful()
      notify(
        `IndexedDB is unavailable (${e instanceof Error ? e.message : String(e)}); local data lives in memory.`,
        'error',
      )
    }
    const seeded = await seedStore(
      store,
      sampleObjects,
      storage ? { version: SAMPLES_VERSION, storage } : { version: SAMPLES_VERSION },
    )
    if (seeded > 0) bumpStore()
    return store
  })()
  opening.catch(() => (opening = null))
  return opening
}

/** Reads nothing back but records the seed version for the next visit. */
function forgetful(): Pick<Storage, 'getItem' | 'setItem'> {
  return {
    getItem: () => null,
    setItem: (k, v) => {
      try {
        localStorage.setItem(k, v)
      } catch {
        // private mode
      }
    },
  }
}

/** Bumped whenever the local store changes (uploads, deletes, committed run outputs). */
const versionStore = createStore(0)
export const bumpStore = (): void => versionStore.set((v) => v + 1)
export const useStoreVersion = (): number => useStore(versionStore, (v) => v)
