import type { ImageKind } from '@zerolab/shared'
import { componentImage } from './component/componentImage.ts'
import type { ImageDescriptor } from './imageDescriptor.ts'
import { jsImage } from './js/jsImage.ts'
import { pythonImage } from './python/pythonImage.ts'
import { wasmImage } from './wasm/wasmImage.ts'

/**
 * Every sandbox image, by the kind a job names (`IMAGES` in @zerolab/shared): a kind without
 * an entry here is a type error. Adding an image: packages/runtime/CONTEXT.md.
 */
export const IMAGE_REGISTRY: { readonly [K in ImageKind]: ImageDescriptor } = {
  wasm: wasmImage,
  component: componentImage,
  js: jsImage,
  python: pythonImage,
}

const ENTRIES = Object.entries(IMAGE_REGISTRY) as [ImageKind, ImageDescriptor][]

/** The image an object's name alone says (`.ts` → js), if any; a `.wasm` may be either kind. */
export function imageOfName(name: string): ImageKind | undefined {
  return ENTRIES.find(([, d]) => d.names?.test(name))?.[0]
}

/**
 * The image of a program whose group names none: by the object's name first, then by its
 * header; `wasm` when nothing matches (its validation then says what is wrong).
 */
export function inferImage(bytes: Uint8Array, name: string): ImageKind {
  return imageOfName(name) ?? ENTRIES.find(([, d]) => d.detect?.(bytes))?.[0] ?? 'wasm'
}
