import { ZEROLAB_H, headerSymbols, type HeaderSymbol } from '@zerolab/cc'
import type { MonacoApi } from './monacoSetup.ts'
import { C_HEADERS, CPP_HEADERS, LIBC } from './cLibrary.ts'

type Monaco = MonacoApi
type Model = Parameters<
  Parameters<Monaco['languages']['registerHoverProvider']>[1]['provideHover']
>[0]
type Position = Parameters<
  Parameters<Monaco['languages']['registerHoverProvider']>[1]['provideHover']
>[1]

const LANGS = ['c', 'cpp']

/** The name a parameter declaration gives (`const char *channel` → `channel`). */
const paramName = (p: string): string => /(\w+)\s*(\[\])?$/.exec(p)?.[1] ?? p

function snippet(s: HeaderSymbol): string {
  if (s.name === 'ZL_FOR_EACH') return 'ZL_FOR_EACH(${1:"in"}, ${2:peer}) {\n\t$0\n}'
  if (s.kind !== 'function' && s.kind !== 'macro') return s.name
  const params = s.params.filter((p) => p !== '...')
  return `${s.name}(${params.map((p, i) => `\${${i + 1}:${paramName(p)}}`).join(', ')})`
}

/** Finds the call the cursor is inside: the function name and which argument it is at. */
function callAt(text: string): { name: string; arg: number } | undefined {
  let depth = 0
  let arg = 0
  for (let i = text.length - 1; i >= 0; i--) {
    const ch = text[i]
    if (ch === ')') depth++
    else if (ch === '(') {
      if (depth === 0) {
        const name = /(\w+)\s*$/.exec(text.slice(0, i))?.[1]
        return name ? { name, arg } : undefined
      }
      depth--
    } else if (ch === ',' && depth === 0) arg++
    else if (ch === ';' || ch === '{' || ch === '}') return undefined
  }
  return undefined
}

/**
 * C and C++ in the editor: completions, hovers and signature help for <zerolab.h> (read from
 * the header's own doc comments) and common libc calls, and `#include <…>` names.
 */
export function registerCLanguage(monaco: Monaco): void {
  const symbols = [...headerSymbols(ZEROLAB_H), ...LIBC]
  const byName = new Map(symbols.map((s) => [s.name, s]))
  const K = monaco.languages.CompletionItemKind
  const kind = { function: K.Function, macro: K.Snippet, type: K.Struct, constant: K.Constant }
  const wordRange = (model: Model, position: Position) => {
    const w = model.getWordUntilPosition(position)
    return new monaco.Range(position.lineNumber, w.startColumn, position.lineNumber, w.endColumn)
  }

  for (const lang of LANGS) {
    monaco.languages.registerCompletionItemProvider(lang, {
      triggerCharacters: ['<', '"'],
      provideCompletionItems(model, position) {
        const line = model.getLineContent(position.lineNumber)
        const before = line.slice(0, position.column - 1)
        const range = wordRange(model, position)
        const include = /#\s*include\s*([<"])[\w./]*$/.exec(before)
        if (include) {
          const close = include[1] === '<' ? '>' : '"'
          const after = line.charAt(position.column - 1)
          const start = before.length - (/[\w./]*$/.exec(before)?.[0].length ?? 0) + 1
          const headers = lang === 'cpp' ? [...C_HEADERS, ...CPP_HEADERS] : C_HEADERS
          return {
            suggestions: headers.map((h) => ({
              label: h,
              kind: K.File,
              insertText: after === close ? h : `${h}${close}`,
              range: new monaco.Range(
                position.lineNumber,
                start,
                position.lineNumber,
                position.column,
              ),
              detail: h === 'zerolab.h' ? 'ZeroLab channel helpers' : undefined,
            })),
          }
        }
        return {
          suggestions: symbols.map((s) => ({
            label: s.name,
            kind: kind[s.kind],
            detail: s.signature,
            documentation: s.doc,
            insertText: snippet(s),
            insertTextRules: monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet,
            range,
            sortText:
              s.name.startsWith('zl_') || s.name.startsWith('ZL_') ? `0${s.name}` : `1${s.name}`,
          })),
        }
      },
    })

    monaco.languages.registerHoverProvider(lang, {
      provideHover(model, position) {
        const w = model.getWordAtPosition(position)
        const s = w ? byName.get(w.word) : undefined
        if (!w || !s) return null
        return {
          range: new monaco.Range(
            position.lineNumber,
            w.startColumn,
            position.lineNumber,
            w.endColumn,
          ),
          contents: [{ value: `\`\`\`c\n${s.signature}\n\`\`\`` }, { value: s.doc }],
        }
      },
    })

    monaco.languages.registerSignatureHelpProvider(lang, {
      signatureHelpTriggerCharacters: ['(', ','],
      signatureHelpRetriggerCharacters: [','],
      provideSignatureHelp(model, position) {
        const text = model.getValueInRange(
          new monaco.Range(
            Math.max(1, position.lineNumber - 20),
            1,
            position.lineNumber,
            position.column,
          ),
        )
        const call = callAt(text)
        const s = call ? byName.get(call.name) : undefined
        if (!call || !s || (s.kind !== 'function' && s.kind !== 'macro')) return null
        const variadic = s.params.at(-1) === '...'
        const active = variadic ? Math.min(call.arg, s.params.length - 1) : call.arg
        return {
          value: {
            signatures: [
              {
                label: s.signature,
                documentation: s.doc,
                parameters: s.params.map((p) => ({ label: p })),
              },
            ],
            activeSignature: 0,
            activeParameter: active,
          },
          dispose: () => undefined,
        }
      },
    })
  }
}
