// The compiler worker's side: clang itself (@yowasp/clang, ~100 MB of Wasm and sysroot, loaded
// on first use). Import this only from a worker.
export { compileSource, loadCompiler } from './compileSource.ts'
export { serveCompiler } from './serveCompiler.ts'
