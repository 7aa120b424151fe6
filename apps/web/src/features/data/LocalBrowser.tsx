import { getObject, type ObjectInfo, type ObjectStore } from '@zerolab/runtime'
import { objectBlob, uploadFile } from '../../objectStore/objectFiles.ts'
import { toZeroLabError } from '@zerolab/shared'
import { useCallback, useEffect, useState, type DragEvent } from 'react'
import { notify } from '../../state/appStore.ts'
import {
  bumpPageStore,
  getPageStore,
  restoreSamples,
  usePageStoreVersion,
} from '../../objectStore/pageObjectStore.ts'
import { ConfirmButton } from '../../ui/ConfirmButton.tsx'
import { saveBlob } from './saveBlob.ts'
import { LOCAL_ACCOUNT, guessType } from '../../objectStore/seedSamples.ts'
import { PREVIEW_LIMIT, formatBytes, previewBytes, type Preview } from '../../ui/preview.ts'
import { PreviewBlock } from '../../ui/PreviewBlock.tsx'

interface Listing {
  containers: string[]
  objects: ObjectInfo[]
}

/** Browse, upload (drag and drop or picker), preview, download and delete local objects. */
export function LocalBrowser() {
  const version = usePageStoreVersion()
  const [store, setStore] = useState<ObjectStore | null>(null)
  const [container, setContainer] = useState<string>('')
  const [listing, setListing] = useState<Listing>({ containers: [], objects: [] })
  const [preview, setPreview] = useState<{ name: string; preview: Preview } | null>(null)
  const [dragging, setDragging] = useState(false)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    getPageStore().then(setStore, (e: unknown) =>
      setError(`IndexedDB unavailable: ${toZeroLabError(e).message}`),
    )
  }, [])

  useEffect(() => {
    if (!store) return
    let live = true
    void (async () => {
      const containers = await store.listContainers(LOCAL_ACCOUNT)
      // The programs (apps) are not what a newcomer wants to see first: start on data.
      const current = container || containers.find((c) => c !== 'apps') || containers[0] || ''
      const objects = current ? await store.list(LOCAL_ACCOUNT, current) : []
      if (!live) return
      if (current !== container) setContainer(current)
      // A container you just named holds nothing yet: keep it listed until the first upload.
      setListing({
        containers:
          current && !containers.includes(current) ? [...containers, current] : containers,
        objects,
      })
    })()
    return () => {
      live = false
    }
  }, [store, container, version])

  const upload = useCallback(
    async (files: File[]) => {
      if (!store || files.length === 0) return
      const target = container || 'uploads'
      try {
        for (const f of files) {
          await uploadFile(store, `${LOCAL_ACCOUNT}/${target}/${f.name}`, f, {
            contentType: f.type || guessType(f.name),
          })
        }
        setContainer(target)
        bumpPageStore()
        notify(`Uploaded ${files.length} file${files.length === 1 ? '' : 's'} to ${target}.`)
      } catch (e) {
        notify(`Upload failed: ${toZeroLabError(e).message}`, 'error')
      }
    },
    [store, container],
  )

  const onDrop = (e: DragEvent): void => {
    e.preventDefault()
    setDragging(false)
    void upload([...e.dataTransfer.files])
  }

  const open = async (name: string): Promise<void> => {
    if (!store) return
    const got = await getObject(store, `${LOCAL_ACCOUNT}/${container}/${name}`, {
      start: 0,
      end: PREVIEW_LIMIT - 1,
    })
    if (!got) return
    const p = previewBytes(got.data)
    setPreview({
      name,
      preview: {
        ...p,
        total: got.info.bytes,
        truncated: p.truncated || got.info.bytes > got.data.byteLength,
      },
    })
  }

  const download = async (name: string): Promise<void> => {
    const blob = store && (await objectBlob(store, `${LOCAL_ACCOUNT}/${container}/${name}`))
    if (blob) saveBlob(blob, name)
  }

  const remove = async (name: string): Promise<void> => {
    await store?.delete(LOCAL_ACCOUNT, container, name)
    if (preview?.name === name) setPreview(null)
    bumpPageStore()
  }

  if (error) return <p className="zl-error">{error}</p>
  return (
    <div
      className={`zl-browser${dragging ? ' dragging' : ''}`}
      data-testid="local-browser"
      onDragOver={(e) => {
        e.preventDefault()
        setDragging(true)
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <div className="zl-browser-bar">
        <select
          aria-label="Container"
          data-testid="container-select"
          value={container}
          onChange={(e) => {
            setContainer(e.target.value)
            setPreview(null)
          }}
        >
          {listing.containers.length === 0 && <option value="">(no containers)</option>}
          {listing.containers.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <label className="zl-upload">
          Upload…
          <input
            type="file"
            multiple
            data-testid="upload-input"
            onChange={(e) => void upload([...(e.target.files ?? [])])}
          />
        </label>
      </div>
      <p className="muted zl-hint">
        Drop files here to upload into <code>{container || 'uploads'}</code>. Jobs read them as{' '}
        <code>swift://~/{container || 'uploads'}/…</code>
      </p>
      <ul className="zl-objects" data-testid="object-list">
        {listing.objects.map((o) => (
          <li
            key={o.name}
            data-testid={`object-${o.name}`}
            className={preview?.name === o.name ? 'selected' : ''}
          >
            <button
              type="button"
              className="link"
              title={`etag ${o.etag}`}
              data-testid={`open-${o.name}`}
              onClick={() => void open(o.name)}
            >
              {o.name}
            </button>
            <span className="muted">{formatBytes(o.bytes)}</span>
            <button
              type="button"
              title="Download"
              aria-label={`Download ${o.name}`}
              onClick={() => void download(o.name)}
            >
              ⤓
            </button>
            <ConfirmButton
              label={`Delete ${o.name}`}
              testId={`delete-${o.name}`}
              onConfirm={() => void remove(o.name)}
            >
              ✕
            </ConfirmButton>
          </li>
        ))}
      </ul>
      <div className="zl-browser-bar">
        <button
          type="button"
          className="link"
          title="Create a container: uploads go into it"
          onClick={() => {
            const name = window.prompt('New container (uploads go into it):', 'uploads')?.trim()
            if (name && !name.includes('/')) {
              setListing((l) => ({ ...l, containers: [...new Set([...l.containers, name])] }))
              setContainer(name)
            }
          }}
        >
          New container…
        </button>
        <button
          type="button"
          className="link"
          data-testid="restore-samples"
          title="Put back the sample objects you deleted"
          onClick={() =>
            void restoreSamples().then((n) =>
              notify(
                n ? `Restored ${n} sample object${n === 1 ? '' : 's'}.` : 'All samples are there.',
              ),
            )
          }
        >
          Restore samples
        </button>
      </div>
      {preview && (
        <div className="zl-preview" data-testid="object-preview">
          <div className="muted">{preview.name}</div>
          <PreviewBlock preview={preview.preview} />
        </div>
      )}
    </div>
  )
}
