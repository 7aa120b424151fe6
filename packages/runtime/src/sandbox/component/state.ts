import type { InstanceSpec } from '@zerolab/shared'
import type { ChannelTable } from '../common/channels.ts'
import { Prng } from '../common/prng.ts'
import { TimeoutSignal } from './signals.ts'

/** Logical nanoseconds the monotonic clock advances on every read (1 µs, as in DESIGN.md). */
export const MONOTONIC_STEP_NS = 1000n

/** Share of the wall-clock limit after which host calls end the guest themselves. */
const COOPERATIVE_SHARE = 0.9

/** Everything the host imports of one component instance share. */
export class ComponentState {
  readonly spec: InstanceSpec
  readonly table: ChannelTable
  readonly prng: Prng
  /** Logical monotonic time, ns. */
  monotonicNs = 0n
  private readonly deadline: number
  private calls = 0

  /**
   * `startedAt` is when the instance started (performance.now()). The cooperative deadline
   * sits a little before the pool's kill, so a guest that keeps calling the host ends
   * `timeout` without taking its warm worker (and the transpiled components in it) down.
   */
  constructor(spec: InstanceSpec, table: ChannelTable, startedAt = performance.now()) {
    this.spec = spec
    this.table = table
    this.prng = new Prng(spec.seed, spec.name)
    this.deadline = startedAt + spec.limits.timeoutMs * COOPERATIVE_SHARE
  }

  /** Cooperative timeout: host calls check the wall clock every so often. */
  tick(): void {
    if ((++this.calls & 63) === 0 && performance.now() > this.deadline) {
      throw new TimeoutSignal(this.spec.limits.timeoutMs)
    }
  }
}
