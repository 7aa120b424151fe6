import type { ObjectStore } from '@zerolab/runtime'
import { notify } from '../state/appStore.ts'
import { createStore, useStore } from '../state/createStore.ts'

let opening: Promise<ObjectStore> | null = null

/**
 * The page's one local object store, opened (and seeded with samples) on first use: IndexedDB,
 * or an in-memory store when IndexedDB is unavailable (some private modes).
 */
export function getPageStore(): Promise<ObjectStore> {
  opening ??= (async () => {
    const [{ IdbObjectStore }, { sampleObjects, SAMPLES_VERSION }, { seedSamples }] =
      await Promise.all([
        import('./idbObjectStore.ts'),
        import('./samples.ts'),
        import('./seedSamples.ts'),
      ])
    let store: ObjectStore
    let storage: Pick<Storage, 'getItem' | 'setItem'> | undefined
    try {
      const opened = await IdbObjectStore.open()
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
    const seeded = await seedSamples(
      store,
      sampleObjects,
      storage ? { version: SAMPLES_VERSION, storage } : { version: SAMPLES_VERSION },
    )
    if (seeded > 0) bumpPageStore()
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
export const bumpPageStore = (): void => versionStore.set((v) => v + 1)
export const usePageStoreVersion = (): number => useStore(versionStore, (v) => v)

/** Puts back every sample object that is missing (deleted ones too); returns how many. */
export async function restoreSamples(): Promise<number> {
  const store = await getPageStore()
  const [{ sampleObjects, SAMPLES_VERSION }, { seedSamples }] = await Promise.all([
    import('./samples.ts'),
    import('./seedSamples.ts'),
  ])
  const n = await seedSamples(store, sampleObjects, {
    version: SAMPLES_VERSION,
    storage: forgetful(),
  })
  bumpPageStore()
  return n
}
