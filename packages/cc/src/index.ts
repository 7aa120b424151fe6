// Host side of C/C++ stages (platform-free, light): the compiler worker's host, the caching
// CompileSource, the header and its symbols, diagnostics. The compiler itself is ./compiler.
export { createCompilerHost, type CompilerEndpoint, type CompilerHost } from './compilerHost.ts'
export {
  createCompiler,
  type CachedModule,
  type CompilerOptions,
  type ModuleCache,
} from './createCompiler.ts'
export { parseDiagnostics } from './diagnostics.ts'
export { headerSymbols, type HeaderSymbol } from './headerSymbols.ts'
export { CLANG_PACKAGE_VERSION, SOURCE_FILE, clangCommand } from './flags.ts'
export type { CompileOutput, CompilerProgress, FromCompiler, ToCompiler } from './protocol.ts'
export { sourceKey } from './sourceKey.ts'
export { ZEROLAB_H } from './zerolabHeader.ts'
