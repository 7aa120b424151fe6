// Node adapters. Job engine: directory-backed store and disk spool.
export { DirStore, hashFile } from './node/dirStore.ts'
export { FileSpool } from './node/spool.ts'
// Sandbox host: worker_threads adapters and the Node worker pool
export { fromNodeWorker, parentPortEndpoint } from './node/nodeEndpoint.ts'
export { createNodePool, type NodePoolOptions } from './node/createNodePool.ts'
export { assetFiles, pythonCacheDir } from './node/assetFiles.ts'
