import { createHash } from 'node:crypto'
import { useMd5 } from './sandbox/common/md5.ts'

// Node adapters. Job engine: directory-backed store and disk spool.
export { DirStore, hashFile } from './node/dirStore.ts'
export { FileSpool } from './node/spool.ts'
// Sandbox host: worker_threads adapters and the Node worker pool
export { fromNodeWorker, parentPortEndpoint } from './node/nodeEndpoint.ts'
export { createNodePool, type NodePoolOptions } from './node/createNodePool.ts'
export { assetFiles, currentPythonBuild, pythonCacheDir } from './node/assetFiles.ts'

// Streamed outputs are hashed by the engine as they pass: natively here (same digests).
useMd5(() => {
  const h = createHash('md5')
  return { update: (d: Uint8Array) => h.update(d), digestHex: () => h.digest('hex') }
})
