import { toZeroLabError } from '@zerolab/shared'
import { useCallback, useEffect, useState, type DragEvent } from 'react'
import { notify } from '../../state/appStore.ts'
import {
  type SwiftContainer,
  type SwiftObject,
  clusterClient,
  openSignIn,
  useCluster,
} from '../cluster/index.ts'
import { useRuns } from '../runs/index.ts'
import { ConfirmButton } from '../../ui/ConfirmButton.tsx'
import { PreviewBlock } from '../../ui/PreviewBlock.tsx'
import { PREVIEW_LIMIT, formatBytes, previewBytes, type Preview } from '../../ui/preview.ts'
import { ContainerAccess } from './ContainerAccess.tsx'
import { saveBlob } from './saveBlob.ts'

/**
 * The signed-in account's containers and objects on the server (Swift API): create and delete
 * containers, share them, upload (drop or pick), preview, download and delete objects. The list
 * refreshes after every cluster run, so outputs show up without a click.
 */
export function ClusterBrowser() {
  const session = useCluster((s) => s.session)
  const lastRun = useRuns((s) => s.past.find((r) => r.target === 'cluster')?.id)
  const [containers, setContainers] = useState<SwiftContainer[]>([])
  const [container, setContainer] = useState('')
  const [objects, setObjects] = useState<SwiftObject[]>([])
  const [preview, setPreview] = useState<{ name: string; preview: Preview } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [creating, setCreating] = useState<string | null>(null)
  const [dragging, setDragging] = useState(false)
  const [tick, setTick] = useState(0)
  const refresh = useCallback(() => setTick((t) => t + 1), [])

  useEffect(() => {
    const client = clusterClient()
    if (!client) return
    let live = true
    void (async () => {
      try {
        const cs = await client.containers().catch((e: unknown) => {
          // A plain user may not list the account: show the containers known to be theirs.
          const known = client.session.containers
          if (!known?.length || toZeroLabError(e).code !== 'FORBIDDEN') throw e
          return known.map((name) => ({ name, count: -1, bytes: 0 }))
        })
        const current = cs.some((c) => c.name === container) ? container : (cs[0]?.name ?? '')
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
  }, [session, container, tick, lastRun])

  if (!session)
    return (
      <p className="muted">
        <button type="button" className="link" onClick={() => openSignIn()}>
          Sign in
        </button>{' '}
        to browse the server&apos;s containers.
      </p>
    )

  const act = async (what: () => Promise<unknown>, done?: string): Promise<void> => {
    try {
      await what()
      if (done) notify(done)
      refresh()
    } catch (e) {
      setError(toZeroLabError(e).message)
    }
  }
  const client = clusterClient()!

  const open = async (name: string): Promise<void> => {
    try {
      const { data, total } = await client.head(container, name, PREVIEW_LIMIT)
      const p = previewBytes(data)
      setPreview({
        name,
        preview: { ...p, total, truncated: p.truncated || total > data.byteLength },
      })
    } catch (e) {
      setError(toZeroLabError(e).message)
    }
  }

  const upload = (files: File[]): void => {
    if (!container || files.length === 0) return
    void act(
      () => Promise.all(files.map((f) => client.upload(container, f.name, f, f.type))),
      `Uploaded ${files.length} file${files.length === 1 ? '' : 's'} to ${container} on the server.`,
    )
  }

  const create = (name: string): void => {
    const trimmed = name.trim()
    if (!trimmed || trimmed.includes('/')) {
      setError('A container name is not empty and has no "/".')
      return
    }
    setCreating(null)
    void act(async () => {
      await client.createContainer(trimmed)
      setContainer(trimmed)
    }, `Created ${trimmed}.`)
  }

  const objectList = objects.filter((o) => o.name !== undefined)
  const count = containers.find((c) => c.name === container)?.count ?? objectList.length

  return (
    <div
      className={`zl-browser${dragging ? ' dragging' : ''}`}
      data-testid="cluster-browser"
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return
        e.preventDefault()
        setDragging(true)
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e: DragEvent) => {
        e.preventDefault()
        setDragging(false)
        upload([...e.dataTransfer.files])
      }}
    >
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
              {c.count >= 0 ? `${c.name} (${c.count})` : c.name}
            </option>
          ))}
        </select>
        <button type="button" title="Refresh" aria-label="Refresh" onClick={refresh}>
          ⟳
        </button>
        <button
          type="button"
          title="New container"
          aria-label="New container"
          data-testid="cluster-new-container"
          onClick={() => setCreating('')}
        >
          +
        </button>
      </div>
      {creating !== null && (
        <form
          className="zl-browser-bar"
          onSubmit={(e) => {
            e.preventDefault()
            create(creating)
          }}
        >
          <input
            aria-label="New container name"
            data-testid="cluster-container-name"
            placeholder="container name"
            autoFocus
            value={creating}
            onChange={(e) => setCreating(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && setCreating(null)}
          />
          <button type="submit" className="primary">
            Create
          </button>
        </form>
      )}
      {container && (
        <div className="zl-browser-bar">
          <ContainerAccess container={container} onError={setError} />
          <label className="zl-upload">
            Upload…
            <input
              type="file"
              multiple
              data-testid="cluster-upload-input"
              onChange={(e) => upload([...(e.target.files ?? [])])}
            />
          </label>
          <ConfirmButton
            label={`Delete container ${container}`}
            confirm={count > 0 ? `Delete ${count} object${count === 1 ? '' : 's'} too?` : 'Delete?'}
            testId="cluster-delete-container"
            onConfirm={() =>
              void act(async () => {
                for (const o of objectList) await client.deleteObject(container, o.name!)
                await client.deleteContainer(container)
                setContainer('')
              }, `Deleted ${container}.`)
            }
          >
            🗑
          </ConfirmButton>
        </div>
      )}
      {error && (
        <p className="zl-error" role="alert">
          {error}
        </p>
      )}
      <ul className="zl-objects" data-testid="cluster-object-list">
        {objectList.map((o) => (
          <li
            key={o.name}
            data-testid={`cluster-object-${o.name}`}
            className={preview?.name === o.name ? 'selected' : ''}
          >
            <button
              type="button"
              className="link"
              title={`etag ${o.hash ?? ''}`}
              onClick={() => void open(o.name!)}
            >
              {o.name}
            </button>
            <span className="muted">{formatBytes(o.bytes ?? 0)}</span>
            <button
              type="button"
              title="Download"
              aria-label={`Download ${o.name}`}
              onClick={() =>
                void act(async () => saveBlob(await client.download(container, o.name!), o.name!))
              }
            >
              ⤓
            </button>
            <ConfirmButton
              label={`Delete ${o.name}`}
              testId={`cluster-delete-${o.name}`}
              onConfirm={() => {
                if (preview?.name === o.name) setPreview(null)
                void act(() => client.deleteObject(container, o.name!), `Deleted ${o.name}.`)
              }}
            >
              ✕
            </ConfirmButton>
          </li>
        ))}
      </ul>
      {container && objectList.length === 0 && (
        <p className="muted zl-hint">Empty. Drop files here to upload them into {container}.</p>
      )}
      {preview && (
        <div className="zl-preview" data-testid="cluster-object-preview">
          <div className="muted">{preview.name}</div>
          <PreviewBlock preview={preview.preview} />
        </div>
      )}
    </div>
  )
}
