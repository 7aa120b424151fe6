import type { Channel, ChannelTable } from '../common/channels.ts'
import { E, FILETYPE, OFLAGS } from './errno.ts'
import type { FileTree } from './fileTree.ts'

/** An open channel: reads use the fd's own offset, writes append to the channel. */
export interface ChanFd {
  kind: 'chan'
  ch: Channel
  offset: number
}

/** An open folder: of channels (`/dev`, `/dev/in`, `/dev/out`) or of the read-only tree. */
export interface DirFd {
  kind: 'dir'
  path: string
}

/** An open file of the read-only tree. */
export interface TreeFd {
  kind: 'file'
  path: string
  data: Uint8Array
  offset: number
}

export type Fd = ChanFd | DirFd | TreeFd

export const DEV = '/dev'
/** Folders that always exist, even without peers, so guests can list them. */
const FIXED_DIRS = new Set([DEV, '/dev/in', '/dev/out'])
/** The read-only tree's preopen, when there is one. */
export const ROOT = '/'
const TREE_FD = 4

const isDev = (path: string): boolean => path === DEV || path.startsWith(`${DEV}/`)

export interface DirEntry {
  name: string
  type: number
}

/**
 * The guest's whole file namespace: the instance's channels under a preopened `/dev` (fd 3)
 * and stdin/stdout/stderr on fds 0/1/2. Nothing can be created, and no path leaves `/dev`.
 * With a `tree` (the python image), `/` is preopened too (fd 4) and serves it read-only;
 * `/dev` still wins for its own paths (wasi-libc picks the longest preopen).
 */
export class DevFs {
  readonly fds: (Fd | undefined)[]
  private readonly table: ChannelTable
  private readonly tree: FileTree | undefined

  constructor(table: ChannelTable, tree?: FileTree) {
    this.table = table
    this.tree = tree
    this.fds = [
      this.chanFd('/dev/stdin'),
      this.chanFd('/dev/stdout'),
      this.chanFd('/dev/stderr'),
      { kind: 'dir', path: DEV },
    ]
    if (tree) this.fds.push({ kind: 'dir', path: ROOT })
  }

  /** The preopened folder name of `fd`, if it is a preopen. */
  preopen(fd: number): string | undefined {
    if (fd === 3) return DEV
    return fd === TREE_FD && this.tree ? ROOT : undefined
  }

  private chanFd(alias: string): ChanFd | undefined {
    const ch = this.table.get(alias)
    return ch ? { kind: 'chan', ch, offset: 0 } : undefined
  }

  isDir(path: string): boolean {
    if (this.tree && !isDev(path)) return this.tree.isDir(path)
    return FIXED_DIRS.has(path) || this.table.isDir(path)
  }

  /** `/dev/<rel>` for a path relative to folder fd `dirfd`, or a negated errno. */
  private resolveAt(dirfd: number, rel: string): string | number {
    const dir = this.fds[dirfd]
    if (!dir) return -E.BADF
    if (dir.kind !== 'dir') return -E.NOTDIR
    if (rel.startsWith('/')) return -E.NOTCAPABLE
    const parts = dir.path.split('/').filter(Boolean)
    const floor = isDev(dir.path) ? 1 : 0
    for (const seg of rel.split('/')) {
      if (seg === '' || seg === '.') continue
      if (seg === '..') {
        if (parts.length <= floor) return -E.NOTCAPABLE // would escape its preopen
        parts.pop()
      } else parts.push(seg)
    }
    return `/${parts.join('/')}`
  }

  /** Opens `rel` under folder fd `dirfd`; returns the new fd or a negated errno. */
  open(dirfd: number, rel: string, oflags: number, write = false): number {
    const path = this.resolveAt(dirfd, rel)
    if (typeof path === 'number') return path
    if (this.tree && !isDev(path)) return this.openTree(this.tree, path, oflags, write)
    let fd: Fd
    const ch = this.table.get(path)
    if (ch) {
      if (oflags & OFLAGS.DIRECTORY) return -E.NOTDIR
      if (oflags & OFLAGS.EXCL) return -E.EXIST
      fd = { kind: 'chan', ch, offset: 0 }
    } else if (this.isDir(path)) {
      if (oflags & (OFLAGS.CREAT | OFLAGS.TRUNC)) return -E.ISDIR
      fd = { kind: 'dir', path }
    } else {
      return oflags & OFLAGS.CREAT ? -E.ACCES : -E.NOENT
    }
    return this.add(fd)
  }

  private openTree(tree: FileTree, path: string, oflags: number, write: boolean): number {
    const data = tree.file(path)
    if (data) {
      if (oflags & OFLAGS.DIRECTORY) return -E.NOTDIR
      if (oflags & OFLAGS.EXCL) return -E.EXIST
      if (write || oflags & OFLAGS.TRUNC) return -E.ROFS
      return this.add({ kind: 'file', path, data, offset: 0 })
    }
    if (tree.isDir(path)) {
      if (write || oflags & (OFLAGS.CREAT | OFLAGS.TRUNC)) return -E.ISDIR
      return this.add({ kind: 'dir', path })
    }
    return oflags & OFLAGS.CREAT ? -E.ROFS : -E.NOENT
  }

  /** Filetype and size of `rel` under `dirfd`, or a negated errno. */
  stat(dirfd: number, rel: string): { type: number; size: number; ino: number } | number {
    const path = this.resolveAt(dirfd, rel)
    if (typeof path === 'number') return path
    if (this.tree && !isDev(path)) {
      const data = this.tree.file(path)
      if (data) return { type: FILETYPE.REGULAR_FILE, size: data.length, ino: this.ino(path) }
      if (this.tree.isDir(path)) return { type: FILETYPE.DIRECTORY, size: 0, ino: this.ino(path) }
      return -E.NOENT
    }
    const ch = this.table.get(path)
    if (ch) return { type: FILETYPE.REGULAR_FILE, size: ch.size, ino: this.ino(path) }
    if (this.isDir(path)) return { type: FILETYPE.DIRECTORY, size: 0, ino: this.ino(path) }
    return -E.NOENT
  }

  /** Stable inode numbers derived from the path, so stat results are deterministic. */
  ino(path: string): number {
    let h = 0x811c9dc5
    for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 0x01000193)
    return h >>> 0
  }

  list(path: string): DirEntry[] {
    if (this.tree && !isDev(path)) {
      const type = (dir: boolean): number => (dir ? FILETYPE.DIRECTORY : FILETYPE.REGULAR_FILE)
      const entries = this.tree.list(path).map((e) => ({ name: e.name, type: type(e.dir) }))
      if (path === ROOT && !entries.some((e) => e.name === 'dev'))
        entries.push({ name: 'dev', type: FILETYPE.DIRECTORY })
      return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    }
    const names = new Set(this.table.list(path))
    if (path === DEV) {
      names.add('in')
      names.add('out')
    }
    return [...names].sort().map((name) => ({
      name,
      type: this.table.get(`${path}/${name}`) ? FILETYPE.REGULAR_FILE : FILETYPE.DIRECTORY,
    }))
  }

  private add(fd: Fd): number {
    const free = this.fds.indexOf(undefined, this.tree ? TREE_FD + 1 : 4)
    if (free >= 0) {
      this.fds[free] = fd
      return free
    }
    this.fds.push(fd)
    return this.fds.length - 1
  }

  close(fd: number): number {
    const f = this.fds[fd]
    if (!f) return E.BADF
    this.fds[fd] = undefined
    // The last descriptor of a pipe's write end: its reader gets end-of-file, as on POSIX.
    if (f.kind === 'chan' && !this.fds.some((o) => o?.kind === 'chan' && o.ch === f.ch))
      f.ch.endWrites()
    return E.SUCCESS
  }

  renumber(from: number, to: number): number {
    const f = this.fds[from]
    if (!f || !this.fds[to]) return E.BADF
    this.fds[to] = f
    this.fds[from] = undefined
    return E.SUCCESS
  }
}
