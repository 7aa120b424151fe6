import type { Logger } from '../../log.ts'
import type { NodeHealth } from '../protocol.ts'
import { NodeClient } from './nodeClient.ts'

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

  private async pollAll(): Promise<void> {
    await Promise.all(this.nodes.map((n) => this.poll(n)))
  }

  private async poll(n: ClusterNode): Promise<void> {
    let h: NodeHealth
    try {
      h = await n.client.health()
    } catch (e) {
      this.lost(n, e instanceof Error ? e.message : String(e))
      return
    }
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
