// Node adapters: clang in a worker thread, modules cached on disk.
export { DiskModuleCache } from './node/diskModuleCache.ts'
export {
  createNodeCompiler,
  type NodeCompiler,
  type NodeCompilerOptions,
} from './node/createNodeCompiler.ts'
