import { createStore, useStore } from '../state/createStore.ts'
import type { BrowserStore } from './browserStore.ts'

let opening: Promise<BrowserStore> | null = null

/** The page's one browser object store, opened (and seeded with samples) on first use. */
export function getBrowserStore(): Promise<BrowserStore> {
  opening ??= (async () => {
    const [{ BrowserStore }, { sampleObjects, SAMPLES_VERSION }, { seedStore }] = await Promise.all(
      [import('./browserStore.ts'), import('./samples.ts'), import('./seedStore.ts')],
    )
    const store = await BrowserStore.open()
    if ((await seedStore(store, sampleObjects, { version: SAMPLES_VERSION })) > 0) bumpStore()
    return store
  })()
  opening.catch(() => (opening = null))
  return opening
}

/** Bumped whenever the local store changes (uploads, deletes, committed run outputs). */
const versionStore = createStore(0)
export const bumpStore = (): void => versionStore.set((v) => v + 1)
export const useStoreVersion = (): number => useStore(versionStore, (v) => v)
