import { putObject, type ObjectStore } from '@zerolab/runtime'

export interface SampleObject {
  container: string
  name: string
  data: Uint8Array | string
  contentType?: string
}

/** The account local runs use; `~` and `.` in job paths resolve to it. */
export const LOCAL_ACCOUNT = 'local'

const SEEDED_KEY = 'zerolab.samples.seeded'

/**
 * Puts the sample objects into the store once per sample-set version: objects a user
 * deleted stay deleted until the set changes, and existing objects are never overwritten.
 */
export async function seedSamples(
  store: ObjectStore,
  samples: readonly SampleObject[] | (() => Promise<readonly SampleObject[]>),
  o: { version: string; account?: string; storage?: Pick<Storage, 'getItem' | 'setItem'> },
): Promise<number> {
  const account = o.account ?? LOCAL_ACCOUNT
  const storage = o.storage ?? safeLocalStorage()
  if (storage?.getItem(SEEDED_KEY) === o.version) return 0
  let n = 0
  for (const s of typeof samples === 'function' ? await samples() : samples) {
    if (await store.head(account, s.container, s.name)) continue
    await putObject(store, `${account}/${s.container}/${s.name}`, s.data, {
      contentType: s.contentType ?? guessType(s.name),
    })
    n++
  }
  storage?.setItem(SEEDED_KEY, o.version)
  return n
}

function safeLocalStorage(): Storage | undefined {
  try {
    return localStorage
  } catch {
    return undefined
  }
}

export function guessType(name: string): string {
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase()
  const types: Record<string, string> = {
    txt: 'text/plain',
    md: 'text/markdown',
    csv: 'text/csv',
    log: 'text/plain',
    json: 'application/json',
    js: 'text/javascript',
    ts: 'text/typescript',
    wasm: 'application/wasm',
    html: 'text/html',
  }
  return types[ext] ?? 'application/octet-stream'
}
