import { serve } from '../worker.ts'
import { parentPortEndpoint } from './nodeEndpoint.ts'

type Usage = { user: number; system: number }
const threadCpuUsage = (process as unknown as { threadCpuUsage?: () => Usage }).threadCpuUsage
// Node < 23.9 has no per-thread CPU clock; process CPU time is the closest measure.
const usage: () => Usage = threadCpuUsage
  ? () => threadCpuUsage.call(process)
  : () => process.cpuUsage()

serve(parentPortEndpoint(), {
  cpuNow: () => {
    const u = usage()
    return (u.user + u.system) / 1000
  },
})
