import type { JobEvent } from '@zerolab/runtime'

/** A one-line progress bar on a TTY (stderr), redrawn at most 10 times a second. */
export function progressBar(out: { write(s: string): unknown }): {
  onEvent: (e: JobEvent) => void
  done: () => void
} {
  let total = 0
  let finished = 0
  let failed = 0
  let running = 0
  let bytes = 0
  let last = 0
  const draw = (force = false): void => {
    const now = Date.now()
    if (!force && now - last < 100) return
    last = now
    const width = 30
    const filled = total ? Math.round((finished / total) * width) : 0
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled)
    const mb = (bytes / 1048576).toFixed(1)
    out.write(`\r${bar} ${finished}/${total} running ${running} failed ${failed} ${mb} MB `)
  }
  return {
    onEvent: (e) => {
      if (e.type === 'job-started') total = e.instances
      else if (e.type === 'instance-started') running++
      else if (e.type === 'instance-finished') {
        finished++
        if (e.ran) running--
        if (e.status !== 'ok') failed++
        bytes += e.bytesIn + e.bytesOut
      }
      draw(e.type === 'job-finished')
    },
    done: () => {
      if (total) out.write('\n')
    },
  }
}
