/** Configures Monaco once: bundled workers (no CDN), sandbox API types, C/C++ helpers, themes. */
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'
import JsonWorker from 'monaco-editor/language/json/json.worker?worker'
import TsWorker from 'monaco-editor/language/typescript/ts.worker?worker'
import { javascriptDefaults, monaco, ScriptTarget, typescriptDefaults } from './monacoBundle.ts'
import { SANDBOX_API_DTS } from '@zerolab/runtime'
import { registerCLanguage } from './cLanguage.ts'
import { registerPythonHelpers } from './pythonLanguage.ts'

export type MonacoApi = typeof monaco

let configured = false

export function setupMonaco(): MonacoApi {
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
    target: ScriptTarget.ES2020,
    allowNonTsExtensions: true,
    lib: ['es2020'],
    noEmit: true,
  }
  for (const defaults of [javascriptDefaults, typescriptDefaults]) {
    defaults.setCompilerOptions(options)
    defaults.addExtraLib(SANDBOX_API_DTS, 'file:///zerolab-sandbox.d.ts')
  }
  registerCLanguage(monaco)
  registerPythonHelpers(monaco)
  return monaco
}
