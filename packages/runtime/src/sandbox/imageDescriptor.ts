import type { JobExec, ProgramRef } from '@zerolab/shared'
import type { RunImage } from './image.ts'

/**
 * One sandbox image, as data: how a worker loads it, what form its program takes, and how a
 * job that names no `exec.image` is recognised as this image's. Registered in `images.ts`.
 */
export interface ImageDescriptor {
  /** Loads the image's runner; a dynamic import, so bundlers give each image its own chunk. */
  load: () => Promise<RunImage>
  /** `text`: the worker gets the program as a string (scripts); `bytes`: as bytes (modules). */
  program: 'text' | 'bytes'
  /** Object names of this image's programs (`.js`, `.ts`), checked before any header. */
  names?: RegExp
  /** Recognises a program of this image by its first bytes. */
  detect?: (bytes: Uint8Array) => boolean
  /** ProgramRef fields besides image, code and hash; `name` is the object's name, '' inline. */
  programFields?: (exec: JobExec, name: string) => Omit<ProgramRef, 'image' | 'code' | 'hash'>
}
