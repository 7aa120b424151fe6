import { wasmKind } from '../common/wasmHeader.ts'
import type { ImageDescriptor } from '../imageDescriptor.ts'

/** A WASI preview2 component, run through jco. */
export const componentImage: ImageDescriptor = {
  load: async () => (await import('./runComponent.ts')).runComponent,
  program: 'bytes',
  detect: (bytes) => wasmKind(bytes) === 'component',
}
