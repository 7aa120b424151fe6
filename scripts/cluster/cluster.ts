import { swiftUp, writeCluster, type ClusterInfo, type UpOptions } from './loopback.ts'
import { zerolabUp } from './zerolab.ts'

/**
 * The whole loopback cluster in one state directory: Swift (loopback.ts), then a ZeroLab node
 * beside each storage host and the gateway in front (zerolab.ts). `clusterDown` stops it all.
 */
export async function clusterUp(o: UpOptions & { workers?: number }): Promise<ClusterInfo> {
  const info = await swiftUp(o)
  info.zerolab = await zerolabUp({
    swift: info,
    stateDir: info.stateDir,
    ...(o.workers ? { workers: o.workers } : {}),
    ...(o.log ? { log: o.log } : {}),
  })
  writeCluster(info)
  return info
}
