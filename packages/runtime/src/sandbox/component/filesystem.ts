/**
 * wasi:filesystem over channels: one preopened `/dev` holding the instance's channels
 * (`input`, `output`, `in/<peer>`, `out/<peer>`, …). Nothing can be created, renamed or
 * removed; `..` and absolute paths never resolve. Errors are thrown as WIT error-code strings.
 */
import type * as Fs from '@bytecodealliance/preview2-shim/interfaces/wasi-filesystem-types'
import { QUOTA, type Channel } from '../common/channels.ts'
import { IoError, InputStream, OutputStream } from './io.ts'
import type { ComponentState } from './state.ts'

export const DEV = '/dev'
/** Folders that exist even when the instance has no peers. */
const ALWAYS_DIRS = new Set([DEV, `${DEV}/in`, `${DEV}/out`])

function fail(code: Fs.ErrorCode): never {
  throw code
}

function datetime(ms: number): Fs.Datetime {
  return { seconds: BigInt(Math.floor(ms / 1000)), nanoseconds: (ms % 1000) * 1e6 }
}

function hashPath(path: string): Fs.MetadataHashValue {
  let h = 0xcbf29ce484222325n
  for (let i = 0; i < path.length; i++) {
    h ^= BigInt(path.charCodeAt(i))
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn
  }
  return { lower: h, upper: 0n }
}

/** A node under /dev: a channel file or a folder. */
interface Node {
  path: string
  channel: Channel | undefined
}

function lookup(state: ComponentState, base: string, rel: string): Node {
  if (rel.startsWith('/')) fail('not-permitted')
  const parts: string[] = []
  for (const seg of rel.split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') fail('not-permitted')
    parts.push(seg)
  }
  const path = parts.length === 0 ? base : `${base}/${parts.join('/')}`
  const channel = state.table.get(path)
  if (channel !== undefined) return { path, channel }
  if (ALWAYS_DIRS.has(path) || state.table.isDir(path)) return { path, channel: undefined }
  return fail('no-entry')
}

export class DirectoryEntryStream implements Fs.DirectoryEntryStream {
  private readonly entries: Fs.DirectoryEntry[]
  private next = 0

  constructor(entries: Fs.DirectoryEntry[]) {
    this.entries = entries
  }

  readDirectoryEntry(): Fs.DirectoryEntry | undefined {
    return this.entries[this.next++]
  }
}

export class Descriptor implements Fs.Descriptor {
  private readonly state: ComponentState
  private readonly node: Node
  private readonly flags: Fs.DescriptorFlags

  constructor(state: ComponentState, node: Node, flags: Fs.DescriptorFlags) {
    this.state = state
    this.node = node
    this.flags = flags
  }

  private file(): Channel {
    this.state.tick()
    return this.node.channel ?? fail('is-directory')
  }

  private dir(): string {
    if (this.node.channel !== undefined) fail('not-directory')
    return this.node.path
  }

  readViaStream(offset: bigint): InputStream {
    const c = this.file()
    if (!this.flags.read) fail('bad-descriptor')
    return new InputStream(this.state, c, Number(offset))
  }

  writeViaStream(offset: bigint): OutputStream {
    const c = this.file()
    if (!this.flags.write) fail('bad-descriptor')
    return new OutputStream(this.state, c, { at: Number(offset) })
  }

  appendViaStream(): OutputStream {
    const c = this.file()
    if (!this.flags.write) fail('bad-descriptor')
    return new OutputStream(this.state, c, 'append')
  }

  read(length: bigint, offset: bigint): [Uint8Array, boolean] {
    const c = this.file()
    if (!this.flags.read) fail('bad-descriptor')
    const at = Number(offset)
    if (c.mode !== 'read' || (c.seekable && at >= c.size)) return [new Uint8Array(0), true]
    const got = c.read(Math.min(Number(length), 1 << 20), at)
    if (got === QUOTA) fail('quota')
    if (typeof got === 'number') fail('io')
    return [got, got.length === 0 || (c.seekable && at + got.length >= c.size)]
  }

  write(buffer: Uint8Array, offset: bigint): bigint {
    const c = this.file()
    if (!this.flags.write || c.mode !== 'write') fail('bad-descriptor')
    if (c.write(buffer, Number(offset)) === QUOTA) fail('quota')
    return BigInt(buffer.length)
  }

  getFlags(): Fs.DescriptorFlags {
    return { ...this.flags }
  }

  getType(): Fs.DescriptorType {
    return this.node.channel === undefined ? 'directory' : 'regular-file'
  }

  stat(): Fs.DescriptorStat {
    this.state.tick()
    const t = datetime(this.state.spec.epochMs)
    return {
      type: this.getType(),
      linkCount: 1n,
      size: BigInt(this.node.channel?.size ?? 0),
      dataAccessTimestamp: t,
      dataModificationTimestamp: t,
      statusChangeTimestamp: t,
    }
  }

  statAt(_pathFlags: Fs.PathFlags, path: string): Fs.DescriptorStat {
    return this.at(path, { read: true }).stat()
  }

  openAt(
    _pathFlags: Fs.PathFlags,
    path: string,
    openFlags: Fs.OpenFlags,
    flags: Fs.DescriptorFlags,
  ): Descriptor {
    this.state.tick()
    let node: Node
    try {
      node = lookup(this.state, this.dir(), path)
    } catch (e) {
      if (e === 'no-entry' && openFlags.create) fail('access')
      throw e
    }
    if (openFlags.create && openFlags.exclusive) fail('exist')
    const c = node.channel
    if (c === undefined) {
      if (flags.write || openFlags.truncate) fail('is-directory')
    } else {
      if (openFlags.directory) fail('not-directory')
      if (c.mode === 'read' && (flags.write || openFlags.truncate)) fail('access')
      if (c.mode === 'write' && flags.read && !flags.write) fail('access')
    }
    return new Descriptor(this.state, node, { read: flags.read, write: flags.write })
  }

  readDirectory(): DirectoryEntryStream {
    this.state.tick()
    const dir = this.dir()
    const names = new Set(this.state.table.list(dir))
    for (const d of ALWAYS_DIRS) if (d.startsWith(`${dir}/`)) names.add(d.slice(dir.length + 1))
    const entries = [...names].sort().map((name): Fs.DirectoryEntry => {
      const type = this.state.table.get(`${dir}/${name}`) ? 'regular-file' : 'directory'
      return { name, type }
    })
    return new DirectoryEntryStream(entries)
  }

  isSameObject(other: Descriptor): boolean {
    return other.node.path === this.node.path
  }

  metadataHash(): Fs.MetadataHashValue {
    return hashPath(this.node.path)
  }

  metadataHashAt(_pathFlags: Fs.PathFlags, path: string): Fs.MetadataHashValue {
    return hashPath(lookup(this.state, this.dir(), path).path)
  }

  advise(): void {}
  syncData(): void {}
  sync(): void {}

  setSize(): void {
    fail('not-permitted')
  }
  setTimes(): void {
    fail('not-permitted')
  }
  createDirectoryAt(): void {
    fail('not-permitted')
  }
  setTimesAt(): void {
    fail('not-permitted')
  }
  linkAt(): void {
    fail('not-permitted')
  }
  readlinkAt(): string {
    return fail('not-permitted')
  }
  removeDirectoryAt(): void {
    fail('not-permitted')
  }
  renameAt(): void {
    fail('not-permitted')
  }
  symlinkAt(): void {
    fail('not-permitted')
  }
  unlinkFileAt(): void {
    fail('not-permitted')
  }

  private at(path: string, flags: Fs.DescriptorFlags): Descriptor {
    return new Descriptor(this.state, lookup(this.state, this.dir(), path), flags)
  }
}

/** wasi:filesystem/types.filesystem-error-code for errors raised by our streams. */
export function filesystemErrorCode(err: unknown): Fs.ErrorCode | undefined {
  return err instanceof IoError ? err.code : undefined
}

/** The preopened `/dev`. */
export function devPreopen(state: ComponentState): Descriptor {
  return new Descriptor(state, { path: DEV, channel: undefined }, { read: true })
}
