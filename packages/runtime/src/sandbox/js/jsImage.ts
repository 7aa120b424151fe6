import type { ImageDescriptor } from '../imageDescriptor.ts'

/** JavaScript or TypeScript (types stripped first) in QuickJS. */
export const jsImage: ImageDescriptor = {
  load: async () => (await import('./runJs.ts')).runJs,
  program: 'text',
  names: /\.(m?js|ts)$/,
  programFields: (exec, name) => ({ lang: exec.lang ?? (name.endsWith('.ts') ? 'ts' : 'js') }),
}
