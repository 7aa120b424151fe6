import { ABORT } from '../io/layout.ts'
import type { HostIo } from './hostIo.ts'
import type { PipeRelay } from './pipeRelay.ts'

/** How often a gang is looked at; a deadlock is declared after two equal looks. */
export const DEADLOCK_CHECK_MS = 250

interface Member {
  name: string
  io: HostIo
  /** Guest path of each channel, in spec order. */
  aliases: string[]
  pipe: boolean[]
}

/**
 * Watches one gang (instances that run at the same time, joined by live pipes). When every
 * live instance is blocked on a pipe and nothing moved (no channel operation completed, no
 * byte crossed a relay) across two looks, each of them is ended with status `deadlock` and a
 * message naming the channels they wait on.
 */
export class GangWatch {
  private readonly members = new Map<string, Member>()
  private timer: ReturnType<typeof setInterval> | undefined
  private last = ''
  private still = 0
  private ended = 0
  /** Why each instance was ended, by name (set when a deadlock was found). */
  readonly reasons = new Map<string, string>()

  constructor(
    private readonly relays: Map<string, PipeRelay>,
    private readonly size: number,
  ) {}

  /** An instance of the gang started streaming. */
  add(name: string, io: HostIo, aliases: string[], pipe: boolean[]): void {
    this.members.set(name, { name, io, aliases, pipe })
    this.timer ??= setInterval(() => this.look(), DEADLOCK_CHECK_MS)
  }

  /** An instance of the gang ended (it blocks nobody any more). */
  remove(name: string): void {
    if (this.members.delete(name)) this.ended++
    if (this.members.size === 0 && this.timer) {
      clearInterval(this.timer)
      this.timer = undefined
    }
  }

  private look(): void {
    // An instance not started yet (or still compiling) may yet unblock the others.
    if (this.members.size === 0 || this.members.size + this.ended < this.size) {
      this.still = 0
      return
    }
    const waits: string[] = []
    let stamp = ''
    for (const m of this.members.values()) {
      const p = m.io.probe()
      if (!p.blocked || p.waits.length === 0 || !p.waits.every((c) => m.pipe[c])) {
        this.still = 0
        return
      }
      stamp += `${m.name}:${p.progress};`
      waits.push(`${m.name} waits on ${p.waits.map((c) => m.aliases[c]).join(', ')}`)
    }
    for (const r of this.relays.values()) stamp += `${r.moved},${r.held};`
    if (stamp !== this.last) {
      this.last = stamp
      this.still = 0
      return
    }
    if (++this.still < 2) return
    const message = `deadlock: ${waits.sort().join('; ')}`
    for (const m of this.members.values()) {
      this.reasons.set(m.name, message)
      m.io.abort(ABORT.DEADLOCK)
    }
    this.still = 0
  }
}
