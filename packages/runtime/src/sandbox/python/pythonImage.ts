import type { ImageDescriptor } from '../imageDescriptor.ts'

/** CPython 3.11 (wasm32-wasi, built by scripts/python-wasm/build.sh) running a script. */
export const pythonImage: ImageDescriptor = {
  load: async () => (await import('./runPython.ts')).runPython,
  program: 'text',
  names: /\.py$/,
  programFields: (exec) => (exec.path?.startsWith('file://') ? { interpreter: true } : {}),
}
