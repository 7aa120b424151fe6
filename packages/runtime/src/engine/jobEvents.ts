import type { JobEvent } from '@zerolab/shared'

/**
 * Turns the engine's onEvent callback into an async iterator: pass `push` as onEvent, call
 * `end()` when the job settles, and `for await` the events (SSE handlers, the CLI).
 */
export function jobEventStream(): {
  push: (e: JobEvent) => void
  end: () => void
  events: AsyncIterable<JobEvent>
} {
  const queue: JobEvent[] = []
  let wake: (() => void) | undefined
  let ended = false
  const events: AsyncIterable<JobEvent> = {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (queue.length) {
          yield queue.shift()!
          continue
        }
        if (ended) return
        await new Promise<void>((r) => (wake = r))
        wake = undefined
      }
    },
  }
  return {
    push: (e) => {
      queue.push(e)
      wake?.()
    },
    end: () => {
      ended = true
      wake?.()
    },
    events,
  }
}
