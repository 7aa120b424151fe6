import { ABORT, C, CTL_HEADER, MAX_WAITS, REPLY_BYTES, STATE } from './layout.ts'
import type { WakeTarget } from './ring.ts'
import { wake } from './ring.ts'

const WAIT_SLICE_MS = 250

/** Thrown out of a blocked channel call when the host ends the instance (deadlock, cancel). */
export class ChannelAbort extends Error {
  readonly reason: number

  constructor(reason: number) {
    super(reason === ABORT.DEADLOCK ? 'deadlock' : 'cancelled')
    this.reason = reason
  }
}

/**
 * The worker's end of an instance's control block: blocking waits (Atomics.wait, allowed in
 * workers) with the bookkeeping the host reads (state, what is waited for, time blocked),
 * and the request/reply slot for channels without a ring.
 */
export class WorkerIo {
  readonly ctl: Int32Array
  /** Request/reply data area. */
  readonly area: Uint8Array
  readonly host: WakeTarget
  /** Called before sleeping: lets the host see output that is below its wake threshold. */
  readonly flushers: (() => void)[] = []
  private blockedMs = 0

  constructor(ctl: SharedArrayBuffer) {
    this.ctl = new Int32Array(ctl, 0, CTL_HEADER / 4)
    this.area = new Uint8Array(ctl, CTL_HEADER, REPLY_BYTES)
    this.host = { words: this.ctl, index: C.HOST }
  }

  /** The wake word peers bump for this instance. */
  get self(): WakeTarget {
    return { words: this.ctl, index: C.WAKE }
  }

  /**
   * Returns once `ready()` holds. `arm()` declares the wait on the ring(s) (CWAIT / PWAIT)
   * and runs after the wake word is read, so a wake-up in between is never lost. `waits`
   * lists what is waited for (`channel << 2 | kind`) for the host's deadlock check.
   */
  block(waits: readonly number[], arm: () => void, ready: () => boolean): void {
    const c = this.ctl
    for (;;) {
      const seen = Atomics.load(c, C.WAKE)
      arm()
      if (ready()) return
      this.checkAbort()
      for (const f of this.flushers) f()
      const n = Math.min(waits.length, MAX_WAITS)
      for (let i = 0; i < n; i++) c[C.WAIT_0 + i] = waits[i]!
      Atomics.store(c, C.WAIT_N, n)
      Atomics.store(c, C.STATE, STATE.BLOCKED)
      const t0 = performance.now()
      // In slices, so an abort set by a host that could not notify is still noticed.
      Atomics.wait(c, C.WAKE, seen, WAIT_SLICE_MS)
      Atomics.store(c, C.STATE, STATE.RUNNING)
      this.blockedMs += performance.now() - t0
      Atomics.store(c, C.BLOCKED_MS, Math.floor(this.blockedMs))
    }
  }

  checkAbort(): void {
    const reason = Atomics.load(this.ctl, C.ABORT)
    if (reason !== 0) throw new ChannelAbort(reason)
  }

  /** One completed channel operation (the deadlock check watches for progress). */
  progress(): void {
    Atomics.add(this.ctl, C.PROGRESS, 1)
  }

  /**
   * Posts a request (data, if any, already in `area`) and waits for its reply; returns the
   * host's result (a count ≥ 0, or a negative IO_ERR).
   */
  request(op: number, ch: number, len: number, offset: number | undefined): number {
    const c = this.ctl
    c[C.REQ_OP] = op
    c[C.REQ_CH] = ch
    c[C.REQ_LEN] = len
    c[C.REQ_AT] = offset === undefined ? 0 : 1
    c[C.REQ_OFF_LO] = offset === undefined ? 0 : offset % 2 ** 32
    c[C.REQ_OFF_HI] = offset === undefined ? 0 : Math.floor(offset / 2 ** 32)
    const seq = Atomics.add(c, C.REQ_SEQ, 1) + 1
    wake(this.host)
    const done = (): boolean => Atomics.load(c, C.REP_SEQ) === seq
    this.block([(ch << 2) | 2], () => {}, done)
    return c[C.REP_N]!
  }

  finish(): void {
    for (const f of this.flushers) f()
    Atomics.store(this.ctl, C.STATE, STATE.DONE)
    wake(this.host)
  }
}
