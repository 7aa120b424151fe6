import { ZeroLabError } from '@zerolab/shared'
import { ALLOWED_IMPORTS } from './wasiImports.ts'

/** jco's instantiation-mode entry point (sync flavour). */
export type Instantiate = (
  getCoreModule: (name: string) => WebAssembly.Module,
  imports: Record<string, Record<string, unknown>>,
  instantiateCore: (
    module: WebAssembly.Module,
    imports?: WebAssembly.Imports,
  ) => WebAssembly.Instance,
) => Record<string, unknown>

export interface Transpiled {
  instantiate: Instantiate
  /** Core modules jco extracted from the component, by the name instantiate() asks for. */
  core: Map<string, Uint8Array>
  /** Imported interfaces with their versions, e.g. `wasi:cli/stdout@0.2.0`. */
  imports: string[]
}

const COMPONENT_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]
const MODULE_VERSION = [0x01, 0x00, 0x00, 0x00]

function invalid(message: string): never {
  throw new ZeroLabError('INVALID_MODULE', message)
}

function checkHeader(bytes: Uint8Array): void {
  if (COMPONENT_HEADER.every((b, i) => bytes[i] === b)) return
  const isModule =
    COMPONENT_HEADER.slice(0, 4).every((b, i) => bytes[i] === b) &&
    MODULE_VERSION.every((b, i) => bytes[i + 4] === b)
  invalid(
    isModule
      ? 'a core Wasm module, not a component: run it with the wasm image'
      : 'not a WebAssembly component',
  )
}

/** Interface names with versions as the generated bindings spell them. */
function versionedImports(js: string, names: string[]): string[] {
  return names.map((name) => {
    const m = new RegExp(`'${name.replace(/[/\\^$.*+?()[\]{}|-]/g, '\\$&')}@([0-9][\\w.+-]*)`).exec(
      js,
    )
    return m ? `${name}@${m[1]}` : name
  })
}

/** Evaluates the generated ES module's `instantiate` without writing files or importing URLs. */
function evaluate(js: string): Instantiate {
  const body = js
    .replace(/^export function instantiate\(/m, 'function instantiate(')
    .replace(/^export const _util\b/m, 'const _util')
    // Without JSPI this call throws, and building that TypeError's message makes V8 reparse
    // the whole (huge) instantiate body for source positions: ~4 ms per instance.
    // jco's debug logger reads process.env (a getenv per access in Node) several times per
    // host call; the guest cannot turn it on anyway.
    .replace('if (!globalThis?.process?.env?.JCO_DEBUG) { return; }', 'return;')
    .replace(
      /^(\s*)(\w+) = WebAssembly\.promising\(([\w.$]+)\);$/gm,
      "$1$2 = typeof WebAssembly.promising === 'function' ? WebAssembly.promising($3) : $3;",
    )
  if (/^\s*(import|export)\s/m.test(body)) {
    throw new ZeroLabError('INTERNAL', 'unexpected module syntax in jco output')
  }
  return new Function(`"use strict";\n${body}\nreturn instantiate`)() as Instantiate
}

/**
 * Transpiles a component with jco (itself a Wasm component, so this runs unchanged in Node
 * and in browsers) and checks its imports against the allow-list.
 */
export async function transpile(bytes: Uint8Array): Promise<Transpiled> {
  checkHeader(bytes)
  const { generate } = await import('@bytecodealliance/jco/component')
  let out: Awaited<ReturnType<typeof generate>>
  try {
    out = await generate(bytes, {
      name: 'guest',
      instantiation: { tag: 'sync' },
      noTypescript: true,
      noNodejsCompat: true,
      base64Cutoff: 0,
      map: [],
    })
  } catch (e) {
    invalid(`component rejected: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`)
  }
  const files = new Map(out.files)
  const js = new TextDecoder().decode(files.get('guest.js'))
  const imports = versionedImports(js, out.imports)
  const forbidden = imports.filter((i) => !ALLOWED_IMPORTS.has(i.split('@')[0]!))
  if (forbidden.length > 0) invalid(`forbidden import ${forbidden.join(', ')}`)
  const preview3 = imports.filter((i) => /@0\.3/.test(i))
  if (preview3.length > 0) invalid(`unsupported WASI 0.3 import ${preview3.join(', ')}`)
  const isRun = (name: string): boolean => /^wasi:cli\/run@0\.2\.\d+$/.test(name)
  if (!out.exports.some(([name]) => isRun(name))) {
    invalid('not a command component: it does not export wasi:cli/run')
  }
  // Commands export nothing else; this also keeps every name in the generated code a WASI one.
  const extra = out.exports.filter(([name]) => name !== 'run' && !isRun(name))
  if (extra.length > 0) invalid(`unexpected export ${extra.map(([n]) => n).join(', ')}`)
  files.delete('guest.js')
  return { instantiate: evaluate(js), core: files, imports }
}
