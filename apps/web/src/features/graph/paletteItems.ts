import type { NewNodeKind } from './jobEdits.ts'

export const PALETTE_MIME = 'application/x-zerolab-node'

export const PALETTE_ITEMS: { kind: NewNodeKind; label: string; hint: string }[] = [
  { kind: 'js', label: 'JavaScript stage', hint: 'inline JS in the QuickJS sandbox' },
  { kind: 'ts', label: 'TypeScript stage', hint: 'inline TS, types stripped first' },
  {
    kind: 'python',
    label: 'Python stage',
    hint: 'Python 3.11 (CPython for WASI), loaded on first use',
  },
  { kind: 'c', label: 'C stage', hint: 'C compiled to Wasm in your browser (clang)' },
  { kind: 'cpp', label: 'C++ stage', hint: 'C++ compiled to Wasm in your browser (clang, libc++)' },
  { kind: 'wasm', label: 'Wasm program', hint: 'a .wasm module from the store' },
]
