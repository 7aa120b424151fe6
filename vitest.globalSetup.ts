import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { clusterDown } from './scripts/cluster/loopback.ts'
import type {} from './scripts/cluster/testCluster.ts'

/** Names the shared Swift cluster of this run (scripts/cluster/testCluster.ts) and stops it at the end. */
export default function setup(project: TestProject): () => Promise<void> {
  const dir = join(tmpdir(), `zerolab-test-swift-${process.pid}`)
  project.provide('swiftClusterDir', dir)
  return () => clusterDown(dir)
}
