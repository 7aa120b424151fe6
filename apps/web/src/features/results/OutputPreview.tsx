import { getObject } from '@zerolab/runtime'
import { toZeroLabError } from '@zerolab/shared'
import { useEffect, useState } from 'react'
import { getPageStore } from '../../objectStore/pageObjectStore.ts'
import { clusterClient } from '../cluster/index.ts'
import { PREVIEW_LIMIT, previewBytes, type Preview } from '../../ui/preview.ts'
import { PreviewBlock } from '../../ui/PreviewBlock.tsx'
import type { RunTarget } from '../runs/index.ts'
import { parseSwiftPath } from './swiftPath.ts'

/** Loads and shows the first KB of a committed output object. */
export function OutputPreview({ path, target }: { path: string; target: RunTarget }) {
  const [state, setState] = useState<{ preview?: Preview; error?: string }>({})
  useEffect(() => {
    let live = true
    void (async () => {
      try {
        const ref = parseSwiftPath(path)
        if (!ref) throw new Error(`not an object path: ${path}`)
        let data: Uint8Array
        let total: number
        if (target === 'local') {
          const got = await getObject(
            await getPageStore(),
            `${ref.account}/${ref.container}/${ref.object}`,
            { start: 0, end: PREVIEW_LIMIT - 1 },
          )
          if (!got) throw new Error('object not found (it may have been deleted)')
          data = got.data
          total = got.info.bytes
        } else {
          const client = clusterClient()
          if (!client) throw new Error('sign in to preview cluster objects')
          ;({ data, total } = await client.head(ref.container, ref.object, PREVIEW_LIMIT))
        }
        const p = previewBytes(data)
        if (live)
          setState({ preview: { ...p, total, truncated: p.truncated || total > data.byteLength } })
      } catch (e) {
        if (live) setState({ error: toZeroLabError(e).message })
      }
    })()
    return () => {
      live = false
    }
  }, [path, target])
  if (state.error) return <p className="zl-error">{state.error}</p>
  if (!state.preview) return <p className="muted">Loading…</p>
  return <PreviewBlock preview={state.preview} testId="output-preview" />
}
