import { wasmKind } from '../common/wasmHeader.ts'
import type { ImageDescriptor } from '../imageDescriptor.ts'

/** A WASI preview1 core module. */
export const wasmImage: ImageDescriptor = {
  load: async () => (await import('./runWasm.ts')).runWasm,
  program: 'bytes',
  detect: (bytes) => wasmKind(bytes) === 'wasm',
}
