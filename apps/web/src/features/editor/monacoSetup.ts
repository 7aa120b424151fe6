/** Configures Monaco once: bundled workers (no CDN), sandbox API types, themes. */
import * as monaco from 'monaco-editor'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'
import JsonWorker from 'monaco-editor/language/json/json.worker?worker'
import TsWorker from 'monaco-editor/language/typescript/ts.worker?worker'
import { SANDBOX_API_FALLBACK_DTS } from './sandboxApiFallback.ts'

declare global {
  interface Window {
    MonacoEnvironment?: monaco.Environment
  }
}

let configured = false

export function setupMonaco(): typeof monaco {
  if (configured) return monaco
  configured = true
  self.MonacoEnvironment = {
    getWorker(_id, label) {
      if (label === 'json') return new JsonWorker()
      if (label === 'typescript' || label === 'javascript') return new TsWorker()
      return new EditorWorker()
    },
  }
  const options = {
    target: monaco.typescript.ScriptTarget.ES2020,
    allowNonTsExtensions: true,
    lib: ['es2020'],
    noEmit: true,
  }
  for (const defaults of [
    monaco.typescript.javascriptDefaults,
    monaco.typescript.typescriptDefaults,
  ]) {
    defaults.setCompilerOptions(options)
    defaults.addExtraLib(SANDBOX_API_FALLBACK_DTS, 'file:///zerolab-sandbox.d.ts')
  }
  return monaco
}
