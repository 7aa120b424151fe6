import { useEffect, useRef } from 'react'
import type * as Monaco from 'monaco-editor/editor/editor.api.js'
import { useTheme } from '../../state/appStore.ts'
import { setupMonaco } from './monacoSetup.ts'

export interface EditorMarker {
  message: string
  start: number
  end: number
  /** Default `error`. */
  severity?: 'error' | 'warning' | 'info'
}

export interface MonacoEditorProps {
  /** Model URI, e.g. `file:///stages/map.js`; one model per stage keeps undo per stage. */
  uri: string
  language: 'javascript' | 'typescript' | 'json' | 'c' | 'cpp' | 'python'
  value: string
  onChange: (value: string) => void
  markers?: EditorMarker[]
  label: string
}

const MAX_ECHOES = 64

/** Lifecycle only: create the editor, keep value/theme/markers in step, dispose. */
export default function MonacoEditor(props: MonacoEditorProps) {
  const host = useRef<HTMLDivElement>(null)
  const editorRef = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null)
  const onChange = useRef(props.onChange)
  /** Values this editor reported and the parent may still echo back, oldest first. */
  const emitted = useRef<string[]>([])
  onChange.current = props.onChange
  const theme = useTheme()
  const monaco = setupMonaco()

  useEffect(() => {
    const editor = monaco.editor.create(host.current!, {
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      scrollBeyondLastLine: false,
      tabSize: 2,
      ariaLabel: props.label,
    })
    editorRef.current = editor
    const sub = editor.onDidChangeModelContent((e) => {
      if (e.isFlush) return
      const value = editor.getValue()
      emitted.current.push(value)
      if (emitted.current.length > MAX_ECHOES) emitted.current.shift()
      onChange.current(value)
    })
    return () => {
      sub.dispose()
      editor.getModel()?.dispose()
      editor.dispose()
      editorRef.current = null
    }
  }, [])

  useEffect(() => {
    const editor = editorRef.current
    if (!editor) return
    const uri = monaco.Uri.parse(props.uri)
    let model = monaco.editor.getModel(uri)
    if (!model || model.getLanguageId() !== props.language) {
      model?.dispose()
      model = monaco.editor.createModel(props.value, props.language, uri)
    }
    const previous = editor.getModel()
    if (previous !== model) {
      editor.setModel(model)
      emitted.current = []
      // Stage scripts share one global scope in the TS service; keep only the open one.
      previous?.dispose()
    }
    const echo = emitted.current.indexOf(props.value)
    if (echo >= 0) {
      // Our own edit coming back through the parent, possibly after newer keystrokes: applying
      // it would undo those (and move the caret), so it is only acknowledged.
      emitted.current.splice(0, echo + 1)
    } else if (model.getValue() !== props.value) {
      emitted.current = []
      // An outside change (graph edit, undo): replace as one edit so Monaco's undo still works.
      model.pushEditOperations(
        [],
        [{ range: model.getFullModelRange(), text: props.value }],
        () => null,
      )
    }
  }, [monaco, props.uri, props.language, props.value])

  useEffect(() => {
    const model = editorRef.current?.getModel()
    if (!model) return
    monaco.editor.setModelMarkers(
      model,
      'zerolab',
      (props.markers ?? []).map((m) => {
        const s = model.getPositionAt(m.start)
        const e = model.getPositionAt(Math.max(m.end, m.start + 1))
        const severity = { error: 'Error', warning: 'Warning', info: 'Info' } as const
        return {
          severity: monaco.MarkerSeverity[severity[m.severity ?? 'error']],
          message: m.message,
          startLineNumber: s.lineNumber,
          startColumn: s.column,
          endLineNumber: e.lineNumber,
          endColumn: e.column,
        }
      }),
    )
  }, [monaco, props.markers, props.value, props.uri])

  useEffect(() => {
    monaco.editor.setTheme(theme === 'dark' ? 'vs-dark' : 'vs')
  }, [monaco, theme])

  return (
    <div
      ref={host}
      className="editor-host"
      data-testid={`editor-${props.language === 'json' ? 'json' : 'code'}`}
    />
  )
}
