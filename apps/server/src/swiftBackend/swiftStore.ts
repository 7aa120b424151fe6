import {
  clampRange,
  type ByteRange,
  type ListOptions,
  type ObjectInfo,
  type ObjectStore,
  type PutOptions,
} from '@zerolab/runtime'
import { swiftPath, type SwiftClient } from './swiftClient.ts'
import { SwiftObjectReader, type ReadSource, type ReadStats } from './swiftObjectReader.ts'
import { SwiftObjectWriter } from './swiftObjectWriter.ts'

const PAGE = 10_000

export interface SwiftStoreOptions {
  /**
   * Addresses of this host's object servers: a read of an object with a replica here goes
   * straight to that object server (after the proxy has authorised it with a HEAD).
   */
  localIps?: ReadonlySet<string>
  /** Counts bytes read locally and through the proxy. */
  stats?: ReadStats
  tmpDir?: string
}

/**
 * The engine's ObjectStore over a Swift cluster, as one caller (the client's token): listings,
 * HEADs and writes through the proxy, so Swift's auth and ACLs decide every access; reads from
 * an object server on this host when it holds a replica (list_endpoints), else the proxy.
 */
export class SwiftStore implements ObjectStore {
  readonly stats: ReadStats

  constructor(
    private readonly client: SwiftClient,
    private readonly o: SwiftStoreOptions = {},
  ) {
    this.stats = o.stats ?? { localBytes: 0, remoteBytes: 0 }
  }

  async listContainers(account: string): Promise<string[]> {
    const out: string[] = []
    for (let marker: string | undefined; ;) {
      const page = await this.client.listContainers(account, { marker, limit: PAGE })
      out.push(...page)
      if (page.length < PAGE) return out
      marker = page[page.length - 1]
    }
  }

  /** A listing page (`limit`), or every object after `marker` when no limit is given. */
  async list(account: string, container: string, opts: ListOptions = {}): Promise<ObjectInfo[]> {
    const { prefix, limit } = opts
    if (limit !== undefined)
      return (
        (await this.client.listObjects(account, container, {
          prefix,
          marker: opts.marker,
          limit,
        })) ?? []
      )
    const out: ObjectInfo[] = []
    for (let marker = opts.marker; ;) {
      const page =
        (await this.client.listObjects(account, container, { prefix, marker, limit: PAGE })) ?? []
      out.push(...page)
      if (page.length < PAGE) return out
      marker = page[page.length - 1]!.name
    }
  }

  head(account: string, container: string, object: string): Promise<ObjectInfo | undefined> {
    return this.client.head(account, container, object)
  }

  /** Opens the current version of an object for ranged reads; undefined when it does not exist. */
  async open(
    account: string,
    container: string,
    object: string,
  ): Promise<SwiftObjectReader | undefined> {
    const info = await this.client.head(account, container, object)
    if (!info) return undefined
    const proxy: ReadSource = {
      url: new URL(swiftPath(account, container, object), this.client.proxy).href,
      headers: { 'x-auth-token': this.client.token },
      local: false,
    }
    const sources = [...(await this.localSources(account, container, object)), proxy]
    return new SwiftObjectReader(info, sources, this.stats)
  }

  private async localSources(
    account: string,
    container: string,
    object: string,
  ): Promise<ReadSource[]> {
    const ips = this.o.localIps
    if (!ips?.size) return []
    try {
      const ep = await this.client.endpoints(account, container, object)
      return ep.urls
        .filter((u) => ips.has(new URL(u).hostname))
        .map((url) => ({ url, headers: ep.headers, local: true }))
    } catch {
      return [] // list_endpoints missing or down: read through the proxy
    }
  }

  /** A writer whose object appears, whole, at `commit()`. */
  async create(
    account: string,
    container: string,
    object: string,
    opts: PutOptions = {},
  ): Promise<SwiftObjectWriter> {
    return new SwiftObjectWriter({
      client: this.client,
      account,
      container,
      object,
      opts,
      ...(this.o.tmpDir ? { tmpDir: this.o.tmpDir } : {}),
    })
  }

  async get(
    account: string,
    container: string,
    object: string,
    range?: ByteRange,
  ): Promise<{ info: ObjectInfo; data: Uint8Array } | undefined> {
    const r = await this.open(account, container, object)
    if (!r) return undefined
    try {
      const [start, end] = clampRange(r.info.bytes, range)
      const data = new Uint8Array(end - start)
      for (let at = 0; at < data.length;) {
        const n = await r.read(start + at, data.subarray(at))
        if (n === 0) break
        at += n
      }
      return { info: r.info, data }
    } finally {
      await r.close()
    }
  }

  // eslint-disable-next-line max-params -- ObjectStore's signature
  async put(
    account: string,
    container: string,
    object: string,
    data: Uint8Array,
    opts: PutOptions = {},
  ): Promise<ObjectInfo> {
    const w = await this.create(account, container, object, opts)
    try {
      await w.write(0, data)
      return await w.commit()
    } catch (e) {
      await w.abort()
      throw e
    }
  }

  delete(account: string, container: string, object: string): Promise<boolean> {
    return this.client.delete(account, container, object)
  }
}
