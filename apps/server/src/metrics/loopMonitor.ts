import { closeSync, openSync, readSync } from 'node:fs'

/** The longest event-loop turns seen while a window was open (see LoopMonitor.watch). */
export interface LoopWindow {
  /** Turns measured (ticks of the monitor's timer). */
  turns: number
  /**
   * The longest turn, ms: the gap between two ticks less the time the thread only waited for
   * a CPU (the machine's load) — what the loop itself took, by CPU work or blocking calls.
   * Plain wall time where the OS gives no per-thread scheduler times.
   */
  maxTurnMs: number
  /** The most CPU time the thread spent between two ticks, ms (wall time without schedstat). */
  maxCpuMs: number
  /** The longest wall-clock gap between two ticks, ms (grows with the machine's load too). */
  maxWallMs: number
}

export interface LoopWatch {
  read(): LoopWindow
  /** Reads the window and closes it. */
  stop(): LoopWindow
}

/** Upper bounds (ms per turn) of the turn histogram at /metrics; idle turns are ~10 ms. */
export const LOOP_BUCKETS_MS = [25, 50, 100, 250, 1000] as const

interface SchedTimes {
  /** ms the thread ran on a CPU. */
  runMs: number
  /** ms the thread was ready to run but waited for a CPU. */
  waitMs: number
}

/**
 * The calling thread's scheduler times from Linux's /proc/thread-self/schedstat ("run ns,
 * run-queue wait ns, timeslices"). Undefined where there is no such file.
 */
function schedClock(): { now(): SchedTimes; close(): void } | undefined {
  let fd: number
  try {
    fd = openSync('/proc/thread-self/schedstat', 'r')
  } catch {
    return undefined
  }
  const buf = Buffer.alloc(96)
  return {
    now() {
      const f = buf.toString('latin1', 0, readSync(fd, buf, 0, buf.length, 0)).split(' ')
      return { runMs: Number(f[0]) / 1e6, waitMs: Number(f[1]) / 1e6 }
    },
    close: () => closeSync(fd),
  }
}

/**
 * Measures how long the event loop is kept from serving anything. A timer ticks every
 * `intervalMs`; the gap between two ticks is one turn of the loop (or several short ones) —
 * what a request arriving then had to wait for. On a loaded machine that gap also holds the
 * time the thread merely waited for a CPU; the kernel counts that time per thread, and taking
 * it out leaves what the loop itself spent: synchronous work (a parse, an expansion, a regex,
 * a big stringify, a GC pause) or a blocking call. So the measure does not move with other
 * processes' load, only with the server's own blocking.
 */
export class LoopMonitor {
  readonly clock: 'schedstat' | 'wall'
  /** Turns per bucket of LOOP_BUCKETS_MS (last: over the largest bound). */
  readonly counts = new Array<number>(LOOP_BUCKETS_MS.length + 1).fill(0)
  turns = 0
  sumTurnMs = 0
  maxTurnMs = 0
  private readonly sched = schedClock()
  private readonly windows = new Set<LoopWindow>()
  private timer: NodeJS.Timeout | undefined
  private lastWall = 0
  private last: SchedTimes = { runMs: 0, waitMs: 0 }

  constructor(private readonly intervalMs = 10) {
    this.clock = this.sched ? 'schedstat' : 'wall'
  }

  start(): this {
    if (this.timer) return this
    this.lastWall = performance.now()
    if (this.sched) this.last = this.sched.now()
    this.timer = setInterval(() => this.tick(), this.intervalMs)
    this.timer.unref()
    return this
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
    this.sched?.close()
  }

  /** Opens a window that keeps the longest turns from now until `stop()`. */
  watch(): LoopWatch {
    const w: LoopWindow = { turns: 0, maxTurnMs: 0, maxCpuMs: 0, maxWallMs: 0 }
    this.windows.add(w)
    return {
      read: () => ({ ...w }),
      stop: () => {
        // The turn in progress counts too (a block just before stop ends it).
        if (this.timer) this.tick()
        this.windows.delete(w)
        return { ...w }
      },
    }
  }

  private tick(): void {
    const wall = performance.now()
    const wallMs = wall - this.lastWall
    this.lastWall = wall
    let turnMs = wallMs
    let cpuMs = wallMs
    if (this.sched) {
      const now = this.sched.now()
      cpuMs = now.runMs - this.last.runMs
      turnMs = Math.max(cpuMs, wallMs - (now.waitMs - this.last.waitMs))
      this.last = now
    }
    this.turns++
    this.sumTurnMs += turnMs
    this.maxTurnMs = Math.max(this.maxTurnMs, turnMs)
    let b = LOOP_BUCKETS_MS.findIndex((le) => turnMs <= le)
    if (b < 0) b = LOOP_BUCKETS_MS.length
    this.counts[b]!++
    for (const w of this.windows) {
      w.turns++
      w.maxTurnMs = Math.max(w.maxTurnMs, turnMs)
      w.maxCpuMs = Math.max(w.maxCpuMs, cpuMs)
      w.maxWallMs = Math.max(w.maxWallMs, wallMs)
    }
  }
}
