import {
  indexDocs,
  logFiles,
  numberFiles,
  salesFiles,
  wordDocs,
  type GeneratedObject,
} from '@zerolab/examples/data'
import mapWasmUrl from '@zerolab/examples/wordcount-c/map.wasm?url'
import reduceWasmUrl from '@zerolab/examples/wordcount-c/reduce.wasm?url'
import type { SampleObject } from './seedSamples.ts'

/** Bump when the sample set changes, so existing browsers get the new objects. */
export const SAMPLES_VERSION = 'examples-2'

const text = (o: GeneratedObject): SampleObject => ({
  container: o.container,
  name: o.name,
  data: o.text,
  contentType: 'text/plain',
})

/**
 * What the examples read, from the same platform-free generators the server's `--seed` uses
 * (examples/data.ts), so an example gives the same output locally and on the cluster.
 */
export async function sampleObjects(fetchImpl: typeof fetch = fetch): Promise<SampleObject[]> {
  const wasm = async (url: string, name: string): Promise<SampleObject[]> => {
    try {
      const res = await fetchImpl(url)
      if (!res.ok) return []
      return [
        {
          container: 'apps',
          name,
          data: new Uint8Array(await res.arrayBuffer()),
          contentType: 'application/wasm',
        },
      ]
    } catch {
      return []
    }
  }
  return [
    ...wordDocs(8).map(text),
    ...logFiles().map(text),
    ...numberFiles().map(text),
    ...indexDocs().map(text),
    ...salesFiles().map(text),
    ...(await wasm(mapWasmUrl, 'wc_map.wasm')),
    ...(await wasm(reduceWasmUrl, 'wc_reduce.wasm')),
  ]
}
