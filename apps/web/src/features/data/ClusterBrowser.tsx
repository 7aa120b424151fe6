import { toZeroLabError } from '@zerolab/shared'
import { useEffect, useState } from 'react'
import {
  type SwiftContainer,
  type SwiftObject,
  clusterClient,
  openSignIn,
  useCluster,
} from '../cluster/index.ts'
import { PreviewBlock } from '../../ui/PreviewBlock.tsx'
import { PREVIEW_LIMIT, formatBytes, previewBytes, type Preview } from '../../ui/preview.ts'

/** The signed-in account's containers and objects on the server (Swift JSON listings). */
export function ClusterBrowser() {
  const session = useCluster((s) => s.session)
  const [containers, setContainers] = useState<SwiftContainer[]>([])
  const [container, setContainer] = useState('')
  const [objects, setObjects] = useState<SwiftObject[]>([])
  const [preview, setPreview] = useState<{ name: string; preview: Preview } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [tick, setTick] = useState(0)

  useEffect(() => {
    const client = clusterClient()
    if (!client) return
    let live = true
    void (async () => {
      try {
        const cs = await client.containers()
        const current = container || cs[0]?.name || ''
        const os = current ? await client.objects(current, { limit: 1000 }) : []
        if (!live) return
        setContainers(cs)
        if (current !== container) setContainer(current)
        setObjects(os)
        setError(null)
      } catch (e) {
        if (live) setError(toZeroLabError(e).message)
      }
    })()
    return () => {
      live = false
    }
  }, [session, container, tick])

  if (!session)
    return (
      <p className="muted">
        <button type="button" className="link" onClick={() => openSignIn()}>
          Sign in
        </button>{' '}
        to browse the server's containers.
      </p>
    )

  const open = async (name: string): Promise<void> => {
    try {
      const { data, total } = await clusterClient()!.head(container, name, PREVIEW_LIMIT)
      const p = previewBytes(data)
      setPreview({
        name,
        preview: { ...p, total, truncated: p.truncated || total > data.byteLength },
      })
    } catch (e) {
      setError(toZeroLabError(e).message)
    }
  }

  return (
    <div className="zl-browser" data-testid="cluster-browser">
      <div className="zl-browser-bar">
        <select
          aria-label="Cluster container"
          data-testid="cluster-container-select"
          value={container}
          onChange={(e) => {
            setContainer(e.target.value)
            setPreview(null)
          }}
        >
          {containers.length === 0 && <option value="">(no containers)</option>}
          {containers.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name} ({c.count})
            </option>
          ))}
        </select>
        <button type="button" onClick={() => setTick((t) => t + 1)}>
          Refresh
        </button>
      </div>
      {error && <p className="zl-error">{error}</p>}
      <ul className="zl-objects" data-testid="cluster-object-list">
        {objects
          .filter((o) => o.name !== undefined)
          .map((o) => (
            <li key={o.name} className={preview?.name === o.name ? 'selected' : ''}>
              <button
                type="button"
                className="link"
                title={`etag ${o.hash ?? ''}`}
                onClick={() => void open(o.name!)}
              >
                {o.name}
              </button>
              <span className="muted">{formatBytes(o.bytes ?? 0)}</span>
            </li>
          ))}
      </ul>
      {preview && (
        <div className="zl-preview">
          <div className="muted">{preview.name}</div>
          <PreviewBlock preview={preview.preview} />
        </div>
      )}
    </div>
  )
}
