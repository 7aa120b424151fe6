import { SOURCE_FILE, ZEROLAB_H } from '@zerolab/cc'
import type { CompiledLang } from '@zerolab/shared'
import { useMemo, useState } from 'react'
import './cStage.css'
import { Dialog } from '../../ui/Dialog.tsx'
import { CompileStatus } from './CompileStatus.tsx'
import { diagnosticMarkers } from './diagnosticMarkers.ts'
import { LazyEditor } from './LazyEditor.tsx'
import { useStageCompile } from './useStageCompile.ts'

/**
 * A C or C++ stage: Monaco with the C grammar and <zerolab.h> completions, compiled in the page's
 * compiler worker as you type, errors and warnings drawn at their lines.
 */
export function CStageEditor(props: {
  name: string
  lang: CompiledLang
  source: string
  onChange: (source: string) => void
}) {
  const status = useStageCompile(props.lang, props.source)
  const [header, setHeader] = useState(false)
  const markers = useMemo(
    () =>
      status.state === 'done' && status.source === props.source
        ? diagnosticMarkers(props.source, status.result.diagnostics)
        : [],
    [status, props.source],
  )
  const file = SOURCE_FILE[props.lang]
  return (
    <div className="c-stage">
      <div className="c-stage-editor">
        <LazyEditor
          uri={`file:///stages/${encodeURIComponent(props.name)}.${props.lang === 'c' ? 'c' : 'cpp'}`}
          language={props.lang}
          value={props.source}
          markers={markers}
          label={`Code of ${props.name}`}
          onChange={props.onChange}
        />
      </div>
      <div className="c-stage-bar">
        <CompileStatus status={status} file={file} />
        <button type="button" className="link-button" onClick={() => setHeader(true)}>
          zerolab.h
        </button>
      </div>
      {header && (
        <Dialog
          title="<zerolab.h>: the channel helpers"
          onClose={() => setHeader(false)}
          testId="zerolab-h"
        >
          <pre className="header-text">{ZEROLAB_H}</pre>
        </Dialog>
      )}
    </div>
  )
}
