import type { Logger } from '../../log.ts'
import type { NodeHealth } from '../protocol.ts'
import { NodeClient, NodeLost } from './nodeClient.ts'

const SLOW_CHECKS = 3

export interface ClusterNode {
  url: string
  client: NodeClient
  /** Known once it has answered a health check. */
  name: string
  ips: Set<string>
  slots: number
  alive: boolean
  /** Incremented each time the node is lost or restarts: data it held before is gone. */
  epoch: number
  lastUptimeMs: number
  /** Health checks in a row that timed out (a busy node is slow, not dead: 3 make it down). */
  slowChecks: number
}

/**
 * The gateway's view of its nodes: each is polled (`health`) every `intervalMs`; one that stops
 * answering, or that any caller reports lost, is down until it answers again (then it rejoins,
 * with a new epoch when it restarted, since its job data is gone).
 */
export class NodeRegistry {
  readonly nodes: ClusterNode[]
  private timer: ReturnType<typeof setInterval> | undefined
  private readonly listeners = new Set<(n: ClusterNode, change: 'up' | 'down') => void>()

  constructor(
    urls: string[],
    key: string,
    private readonly log: Logger,
    private readonly intervalMs = 1000,
  ) {
    this.nodes = urls.map((u) => {
      const url = u.replace(/\/+$/, '')
      return {
        url,
        client: new NodeClient(url, key),
        name: new URL(url).host,
        ips: new Set([new URL(url).hostname]),
        slots: 1,
        alive: false,
        epoch: 0,
        lastUptimeMs: 0,
        slowChecks: 0,
      }
    })
  }

  /** Polls every node now, then every `intervalMs`. */
  async start(): Promise<void> {
    await this.pollAll()
    this.timer = setInterval(() => void this.pollAll(), this.intervalMs)
    this.timer.unref()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
  }

  onChange(fn: (n: ClusterNode, change: 'up' | 'down') => void): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  alive(): ClusterNode[] {
    return this.nodes.filter((n) => n.alive)
  }

  /** A caller saw the node fail (connection refused or reset, silence): down until it answers. */
  lost(n: ClusterNode, why: string): void {
    if (!n.alive) return
    n.alive = false
    n.epoch++
    this.log.warn(`node ${n.name} lost`, { url: n.url, why })
    for (const l of this.listeners) l(n, 'down')
  }

  private readonly polling = new Set<ClusterNode>()

  private async pollAll(): Promise<void> {
    await Promise.all(
      this.nodes
        .filter((n) => !this.polling.has(n))
        .map(async (n) => {
          this.polling.add(n)
          try {
            await this.poll(n)
          } finally {
            this.polling.delete(n)
          }
        }),
    )
  }

  private async poll(n: ClusterNode): Promise<void> {
    let h: NodeHealth
    try {
      h = await n.client.health()
    } catch (e) {
      const slow = e instanceof NodeLost && !e.definite
      if (slow && ++n.slowChecks < SLOW_CHECKS) return
      this.lost(n, e instanceof Error ? e.message : String(e))
      return
    }
    n.slowChecks = 0
    this.seen(n, h)
  }

  /** The node answered its health check with `h`: up (again), and restarted if its uptime fell. */
  seen(n: ClusterNode, h: NodeHealth): void {
    const restarted = h.uptimeMs < n.lastUptimeMs
    n.lastUptimeMs = h.uptimeMs
    n.name = h.name
    n.ips = new Set(h.ips)
    n.slots = Math.max(1, h.slots)
    if (restarted && n.alive) this.lost(n, 'restarted')
    if (!n.alive) {
      n.alive = true
      this.log.info(`node ${n.name} up`, { url: n.url, slots: n.slots, ips: h.ips })
      for (const l of this.listeners) l(n, 'up')
    }
  }
}
