import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { precompress } from './build/precompress.ts'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

/**
 * Cross-origin isolation (SharedArrayBuffer for the runtime's streaming channels), as the
 * server sends on the web app (apps/server/src/http/crossOriginIsolation.ts).
 */
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
}

export default defineConfig({
  plugins: [react(), precompress()],
  resolve: {
    // Deep imports into Monaco's ESM tree (see src/features/editor/monacoBundle.ts).
    alias: {
      'monaco-vs': fileURLToPath(new URL('./node_modules/monaco-editor/esm/vs', import.meta.url)),
    },
  },
  // The examples package (a workspace link to ../../examples) is bundled at build time.
  server: { fs: { allow: [repoRoot] }, headers: isolation },
  preview: { headers: isolation },
  // Pre-bundling would break the relative URL QuickJS uses to find its .wasm in dev.
  optimizeDeps: { exclude: ['@jitl/quickjs-wasmfile-release-sync'] },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    manifest: true,
    chunkSizeWarningLimit: 6000,
    rollupOptions: {
      output: {
        // Monaco is left to Rollup: a manual chunk for it also captured Vite's preload helper,
        // which made the entry import all of Monaco eagerly.
        manualChunks(id) {
          if (id.includes('node_modules/@xyflow') || id.includes('node_modules/d3-'))
            return 'xyflow'
          if (id.includes('node_modules/react-dom') || id.includes('node_modules/react/'))
            return 'react'
          return undefined
        },
      },
    },
  },
})
