import { PYTHON_HELPERS } from '@zerolab/runtime'
import type { MonacoApi } from './monacoSetup.ts'

/** Channel paths a stage may open (the common ones; peers are /dev/in/<name>, /dev/out/<name>). */
const CHANNELS = [
  '/dev/stdin',
  '/dev/stdout',
  '/dev/stderr',
  '/dev/input',
  '/dev/output',
  '/dev/in',
  '/dev/out',
]

/**
 * Python stages in the editor (the grammar is Monaco's): completions and hovers for the
 * `zerolab` channel helpers after `zerolab.`, `import zerolab`, and `/dev/…` channel paths
 * inside strings.
 */
export function registerPythonHelpers(monaco: MonacoApi): void {
  const K = monaco.languages.CompletionItemKind
  const byName = new Map(PYTHON_HELPERS.map((h) => [h.name, h]))
  monaco.languages.registerCompletionItemProvider('python', {
    triggerCharacters: ['.', '/'],
    provideCompletionItems(model, position) {
      const before = model.getLineContent(position.lineNumber).slice(0, position.column - 1)
      const w = model.getWordUntilPosition(position)
      const range = new monaco.Range(
        position.lineNumber,
        w.startColumn,
        position.lineNumber,
        w.endColumn,
      )
      if (/\bzerolab\.\w*$/.test(before)) {
        return {
          suggestions: PYTHON_HELPERS.map((h) => ({
            label: h.name,
            kind: h.snippet === h.name ? K.Variable : K.Function,
            detail: h.signature,
            documentation: h.doc,
            insertText: h.snippet,
            insertTextRules: monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet,
            range,
          })),
        }
      }
      const inString = /(['"])[^'"]*$/.exec(before)
      if (inString && /\/[\w/]*$/.test(before)) {
        const start = before.lastIndexOf(inString[1]!) + 2
        const r = new monaco.Range(position.lineNumber, start, position.lineNumber, position.column)
        return {
          suggestions: CHANNELS.map((c) => ({
            label: c,
            kind: K.File,
            detail: 'channel',
            insertText: c,
            range: r,
          })),
        }
      }
      return {
        suggestions: [
          {
            label: 'zerolab',
            kind: K.Module,
            detail: 'ZeroLab channel helpers',
            documentation: 'import zerolab: read, lines, write, list, name, env',
            insertText: 'zerolab',
            range,
          },
        ],
      }
    },
  })
  monaco.languages.registerHoverProvider('python', {
    provideHover(model, position) {
      const w = model.getWordAtPosition(position)
      if (!w) return null
      const line = model.getLineContent(position.lineNumber)
      if (!line.slice(0, w.startColumn - 1).endsWith('zerolab.')) return null
      const h = byName.get(w.word)
      if (!h) return null
      return {
        range: new monaco.Range(
          position.lineNumber,
          w.startColumn,
          position.lineNumber,
          w.endColumn,
        ),
        contents: [{ value: `\`\`\`python\nzerolab.${h.signature}\n\`\`\`` }, { value: h.doc }],
      }
    },
  })
}
