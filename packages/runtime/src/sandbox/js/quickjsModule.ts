import variant from '@jitl/quickjs-wasmfile-release-sync'
import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type QuickJSWASMModule,
} from 'quickjs-emscripten-core'
import type { ImageContext } from '../image.ts'

const KEY = 'js:quickjs'
const PAGE = 64 * 1024
/** Emscripten's defaults for this build: 16 MiB initial heap, 2 GiB maximum. */
const INITIAL_PAGES = 256
const MAXIMUM_PAGES = 32768

/**
 * The growth gate of one module's Wasm heap. QuickJS counts allocations, not bytes, under
 * Emscripten, so its own limit cannot stop a guest; refusing to grow the heap past `cap`
 * makes `malloc` return NULL and QuickJS throw "out of memory" on the spot.
 */
export interface HeapGate {
  /** Heap size once loaded, before any instance ran. */
  readonly baseline: number
  /** Largest heap size growth may reach (Infinity: ungated). */
  cap: number
  /** Set when a growth was refused since the last `capHeap`. */
  refused: boolean
}

/** Thrown (and caught by Emscripten) on every refused growth; made once, as it may be often. */
const REFUSED = new RangeError('heap cap reached')

const gates = new WeakMap<QuickJSWASMModule, HeapGate>()

/**
 * The QuickJS Wasm module of this worker, loaded once and kept in the image cache. The
 * release-sync variant finds its `.wasm` next to its loader: by path in Node and through
 * `new URL(..., import.meta.url)` in a bundled browser worker (Vite emits the asset).
 */
export function loadQuickJS(ctx: ImageContext): Promise<QuickJSWASMModule> {
  let p = ctx.cache.get(KEY) as Promise<QuickJSWASMModule> | undefined
  if (p === undefined) {
    p = loadGated()
    p.catch(() => ctx.cache.delete(KEY))
    ctx.cache.set(KEY, p)
  }
  return p
}

/**
 * Drops the cached module after a host-level failure inside it (the host's own stack ran
 * out mid-call): its C state may be inconsistent, so the next instance loads a fresh one.
 */
export function forgetQuickJS(ctx: ImageContext): void {
  ctx.cache.delete(KEY)
}

/** The growth gate of a module from `loadQuickJS`. */
export function heapGate(qjs: QuickJSWASMModule): HeapGate {
  const gate = gates.get(qjs)
  if (gate === undefined) throw new Error('QuickJS module was not loaded through loadQuickJS')
  return gate
}

/** Lets the heap grow to at most `bytes` (rounded up to whole pages) from now on. */
export function capHeap(gate: HeapGate, bytes: number): void {
  gate.cap = Math.ceil(bytes / PAGE) * PAGE
  gate.refused = false
}

async function loadGated(): Promise<QuickJSWASMModule> {
  const memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAXIMUM_PAGES })
  const gate: { -readonly [K in keyof HeapGate]: HeapGate[K] } = {
    baseline: 0,
    cap: Infinity,
    refused: false,
  }
  // Emscripten's resize-heap import grows through this object's `grow`; a throw there is
  // its "cannot grow" answer, so sbrk fails and malloc returns NULL.
  const grow = memory.grow.bind(memory)
  memory.grow = (delta: number): number => {
    if (memory.buffer.byteLength + delta * PAGE > gate.cap) {
      gate.refused = true
      throw REFUSED
    }
    return grow(delta)
  }
  const qjs = await newQuickJSWASMModuleFromVariant(newVariant(variant, { wasmMemory: memory }))
  gate.baseline = memory.buffer.byteLength
  gates.set(qjs, gate)
  return qjs
}
