import type { ImageKind } from '@zerolab/shared'
import { workerData } from 'node:worker_threads'
import { serve } from '../worker.ts'
import { assetFiles } from './assetFiles.ts'
import { vmGuard } from './vmGuard.ts'
import { parentPortEndpoint } from './nodeEndpoint.ts'

type Usage = { user: number; system: number }
const threadCpuUsage = (process as unknown as { threadCpuUsage?: () => Usage }).threadCpuUsage
// Node < 23.9 has no per-thread CPU clock; process CPU time is the closest measure.
const usage: () => Usage = threadCpuUsage
  ? () => threadCpuUsage.call(process)
  : () => process.cpuUsage()

// Images createNodePool({ warm }) asks for are loaded at boot, so a spare that replaces a
// killed worker runs the next instance warm.
const warm = (workerData as { warm?: ImageKind[] } | null)?.warm ?? []
serve(parentPortEndpoint(), {
  warm,
  asset: assetFiles(),
  guard: vmGuard(),
  cpuNow: () => {
    const u = usage()
    return (u.user + u.system) / 1000
  },
})
