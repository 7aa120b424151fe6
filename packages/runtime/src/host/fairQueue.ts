/**
 * Instances waiting for a worker, served fairly between owners (accounts): the next free worker
 * goes to the owner with the fewest instances running, then to the one served longest ago,
 * each owner's instances in the order they came. So one account's flood delays another
 * account's instance by at most the time one instance takes to finish, not the whole flood.
 * (`canStart` may let an owner's later item pass one that must wait.)
 */
export class FairQueue<T extends { owner: string }> {
  private readonly byOwner = new Map<string, T[]>()
  private readonly running = new Map<string, number>()
  private readonly servedAt = new Map<string, number>()
  private served = 0
  private count = 0

  get length(): number {
    return this.count
  }

  push(item: T): void {
    const list = this.byOwner.get(item.owner)
    if (list) list.push(item)
    else this.byOwner.set(item.owner, [item])
    this.count++
  }

  /** Removes a waiting item; false when it was not waiting. */
  remove(item: T): boolean {
    const list = this.byOwner.get(item.owner)
    const at = list ? list.indexOf(item) : -1
    if (at < 0) return false
    list!.splice(at, 1)
    if (list!.length === 0) this.byOwner.delete(item.owner)
    this.count--
    return true
  }

  /**
   * Takes the next item to start, or undefined. `canStart` may hold an item back (e.g. it waits
   * for compile memory); the owner's next item that can start goes instead.
   */
  take(canStart: (item: T) => boolean = () => true): T | undefined {
    let best: { owner: string; item: T } | undefined
    let bestKey: [number, number] = [Infinity, Infinity]
    for (const [owner, list] of this.byOwner) {
      const key: [number, number] = [this.running.get(owner) ?? 0, this.servedAt.get(owner) ?? -1]
      if (key[0] > bestKey[0] || (key[0] === bestKey[0] && key[1] >= bestKey[1])) continue
      const item = list.find(canStart)
      if (item === undefined) continue
      best = { owner, item }
      bestKey = key
    }
    if (!best) return undefined
    this.remove(best.item)
    this.running.set(best.owner, (this.running.get(best.owner) ?? 0) + 1)
    this.servedAt.set(best.owner, this.served++)
    return best.item
  }

  /** An item taken earlier has finished (or was dropped while running). */
  done(item: T): void {
    const n = (this.running.get(item.owner) ?? 1) - 1
    if (n > 0) this.running.set(item.owner, n)
    else this.running.delete(item.owner)
    if (!this.byOwner.has(item.owner) && n <= 0) this.servedAt.delete(item.owner)
  }

  /** Empties the queue, returning what waited. */
  drain(): T[] {
    const all = [...this.byOwner.values()].flat()
    this.byOwner.clear()
    this.count = 0
    return all
  }
}
