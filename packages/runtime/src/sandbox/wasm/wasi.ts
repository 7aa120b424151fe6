/* eslint-disable max-params -- the WASI preview1 ABI fixes these functions' signatures */
import { RUNTIME_CAPS } from '@zerolab/shared'
import { IO_ERR, QUOTA, type ChannelTable } from '../common/channels.ts'
import { Prng } from '../common/prng.ts'
import { DevFs, type ChanFd, type TreeFd } from './devFs.ts'
import { ALL_RIGHTS, CLOCK, E, FILETYPE, WHENCE } from './errno.ts'
import type { FileTree } from './fileTree.ts'

/** Thrown by proc_exit to unwind the guest. */
export class WasiExit {
  constructor(readonly code: number) {}
}

export interface WasiOptions {
  args: string[]
  env: Record<string, string>
  seed: string
  name: string
  epochMs: number
  table: ChannelTable
  /** A read-only tree preopened at `/` besides `/dev` (the python image's stdlib). */
  tree?: FileTree
}

const FD_WRITE_RIGHT = 1n << 6n

const utf8 = new TextEncoder()
const utf8d = new TextDecoder()
const MONOTONIC_STEP = 1000n

/** WASI errno of a negative channel result. */
function errnoOf(r: number): number {
  if (r === QUOTA) return E.DQUOT
  if (r === IO_ERR.SPIPE) return E.SPIPE
  if (r === IO_ERR.PIPE) return E.PIPE
  if (r === IO_ERR.NOTSUP) return E.NOTSUP
  return E.IO
}

function cstrings(list: string[]): { ptrs: number[]; bytes: Uint8Array } {
  const parts = list.map((s) => utf8.encode(`${s}\0`))
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  const ptrs: number[] = []
  let at = 0
  for (const p of parts) {
    ptrs.push(at)
    bytes.set(p, at)
    at += p.length
  }
  return { ptrs, bytes }
}

/**
 * WASI preview1 over an instance's channels. The clock is logical (fixed real time, a 1 µs
 * monotonic step per call), randomness is seeded, and the only files are DevFs's channels.
 */
export class Wasi {
  memory: WebAssembly.Memory | undefined
  readonly fs: DevFs
  private readonly argv: ReturnType<typeof cstrings>
  private readonly environ: ReturnType<typeof cstrings>
  private readonly prng: Prng
  private readonly realtime: bigint
  private monotonic = 0n
  private view: DataView = new DataView(new ArrayBuffer(0))
  private bytes: Uint8Array = new Uint8Array(0)

  constructor(o: WasiOptions) {
    this.fs = new DevFs(o.table, o.tree)
    this.argv = cstrings(o.args)
    this.environ = cstrings(Object.entries(o.env).map(([k, v]) => `${k}=${v}`))
    this.prng = new Prng(o.seed, o.name)
    this.realtime = BigInt(Math.trunc(o.epochMs)) * 1_000_000n
  }

  private dv(): DataView {
    const buf = this.memory!.buffer
    if (this.view.buffer !== buf) {
      this.view = new DataView(buf)
      this.bytes = new Uint8Array(buf)
    }
    return this.view
  }

  private u8(): Uint8Array {
    this.dv()
    return this.bytes
  }

  private chan(fd: number): ChanFd | undefined {
    const f = this.fs.fds[fd]
    return f?.kind === 'chan' ? f : undefined
  }

  private treeFile(fd: number): TreeFd | undefined {
    const f = this.fs.fds[fd]
    return f?.kind === 'file' ? f : undefined
  }

  /** A readv of a read-only tree file at `offset`: fills the iovecs in order. */
  private readTree(f: TreeFd, iovs: number, n: number, offset: number, nread: number): number {
    if (n > RUNTIME_CAPS.maxIovecs) return E.INVAL
    const v = this.dv()
    const mem = this.u8()
    let done = 0
    for (let i = 0; i < n && offset + done < f.data.length; i++) {
      const ptr = v.getUint32(iovs + i * 8, true)
      const len = v.getUint32(iovs + i * 8 + 4, true)
      if (ptr + len > mem.length) return E.FAULT
      const part = f.data.subarray(offset + done, offset + done + len)
      mem.set(part, ptr)
      done += part.length
    }
    v.setUint32(nread, done, true)
    return E.SUCCESS
  }

  /** fd_read / fd_pread on something that is not a channel. */
  private readOther(fd: number, iovs: number, n: number, nread: number, at?: number): number {
    const t = this.treeFile(fd)
    if (!t) return this.fs.fds[fd] ? E.ISDIR : E.BADF
    const r = this.readTree(t, iovs, n, at ?? t.offset, nread)
    if (r === E.SUCCESS && at === undefined) t.offset += this.dv().getUint32(nread, true)
    return r
  }

  /** fd_seek / fd_tell on a tree file. */
  private seekTree(fd: number, offset: bigint, whence: number, ptr: number): number {
    const t = this.treeFile(fd)
    if (!t) return this.fs.fds[fd] ? E.ISDIR : E.BADF
    if (whence > WHENCE.END) return E.INVAL
    const base = whence === WHENCE.SET ? 0 : whence === WHENCE.CUR ? t.offset : t.data.length
    const next = base + Number(offset)
    if (next < 0) return E.INVAL
    t.offset = next
    this.dv().setBigUint64(ptr, BigInt(next), true)
    return E.SUCCESS
  }

  private tick(): bigint {
    this.monotonic += MONOTONIC_STEP
    return this.monotonic
  }

  private putStrings(s: ReturnType<typeof cstrings>, ptrs: number, buf: number): number {
    const v = this.dv()
    s.ptrs.forEach((p, i) => v.setUint32(ptrs + i * 4, buf + p, true))
    this.u8().set(s.bytes, buf)
    return E.SUCCESS
  }

  private putSizes(s: ReturnType<typeof cstrings>, countPtr: number, sizePtr: number): number {
    const v = this.dv()
    v.setUint32(countPtr, s.ptrs.length, true)
    v.setUint32(sizePtr, s.bytes.length, true)
    return E.SUCCESS
  }

  /** Reads into the first non-empty iovec (like readv on a pipe, a short read is fine). */
  private readInto(f: ChanFd, iovs: number, n: number, offset: number): number {
    if (n > RUNTIME_CAPS.maxIovecs) return -E.INVAL
    if (f.ch.mode !== 'read') return -E.BADF
    const v = this.dv()
    for (let i = 0; i < n; i++) {
      const len = v.getUint32(iovs + i * 8 + 4, true)
      if (len === 0 && i < n - 1) continue
      const r = f.ch.readInto(this.u8(), v.getUint32(iovs + i * 8, true), len, offset)
      return r < 0 ? -errnoOf(r) : r
    }
    return 0
  }

  /** A writev, iovec by iovec straight from guest memory (never gathered into a host copy). */
  private writeFrom(f: ChanFd, iovs: number, n: number, offset?: number): number {
    if (f.ch.mode !== 'write') return -E.BADF
    if (n > RUNTIME_CAPS.maxIovecs) return -E.INVAL
    const v = this.dv()
    const size = this.u8().length
    const parts: [number, number][] = []
    for (let i = 0; i < n; i++) {
      const ptr = v.getUint32(iovs + i * 8, true)
      const len = v.getUint32(iovs + i * 8 + 4, true)
      if (ptr + len > size) return -E.FAULT
      if (len > 0 || n === 1) parts.push([ptr, len])
    }
    if (parts.length === 0) return 0
    const r = f.ch.writeParts(this.u8(), parts, offset)
    return r < 0 ? -errnoOf(r) : r
  }

  private putFilestat(ptr: number, type: number, size: number, ino: number): void {
    const v = this.dv()
    v.setBigUint64(ptr, 0n, true)
    v.setBigUint64(ptr + 8, BigInt(ino), true)
    v.setUint8(ptr + 16, type)
    v.setBigUint64(ptr + 24, 1n, true)
    v.setBigUint64(ptr + 32, BigInt(size), true)
    v.setBigUint64(ptr + 40, this.realtime, true)
    v.setBigUint64(ptr + 48, this.realtime, true)
    v.setBigUint64(ptr + 56, this.realtime, true)
  }

  private path(ptr: number, len: number): string {
    return utf8d.decode(this.u8().subarray(ptr, ptr + len))
  }

  private readdir(fd: number, buf: number, len: number, cookie: bigint, usedPtr: number): number {
    const dir = this.fs.fds[fd]
    if (!dir) return E.BADF
    if (dir.kind !== 'dir') return E.NOTDIR
    const entries = [
      { name: '.', type: FILETYPE.DIRECTORY },
      { name: '..', type: FILETYPE.DIRECTORY },
      ...this.fs.list(dir.path),
    ]
    const v = this.dv()
    const mem = this.u8()
    let used = 0
    for (let i = Number(cookie); i < entries.length && used < len; i++) {
      const e = entries[i]!
      const name = utf8.encode(e.name)
      const head = new Uint8Array(24)
      const hv = new DataView(head.buffer)
      hv.setBigUint64(0, BigInt(i + 1), true)
      hv.setBigUint64(8, BigInt(this.fs.ino(`${dir.path}/${e.name}`)), true)
      hv.setUint32(16, name.length, true)
      hv.setUint8(20, e.type)
      const whole = new Uint8Array(24 + name.length)
      whole.set(head)
      whole.set(name, 24)
      const take = Math.min(whole.length, len - used)
      mem.set(whole.subarray(0, take), buf + used)
      used += take
    }
    v.setUint32(usedPtr, used, true)
    return E.SUCCESS
  }

  /**
   * poll_oneoff without host arrays: one pass finds whether any fd subscription is ready (they
   * always are: channels never block here) and the shortest clock wait, a second writes the
   * events straight into guest memory. Host memory stays the same for any `nsubs`; more than
   * RUNTIME_CAPS.maxPollSubscriptions is EINVAL, as is none.
   */
  private poll(inPtr: number, outPtr: number, nsubs: number, neventsPtr: number): number {
    if (nsubs === 0 || nsubs > RUNTIME_CAPS.maxPollSubscriptions) return E.INVAL
    const v = this.dv()
    if (inPtr + nsubs * 48 > v.byteLength || outPtr + nsubs * 32 > v.byteLength) return E.FAULT
    const wait = (s: number): bigint => {
      const timeout = v.getBigUint64(s + 24, true)
      const abs = (v.getUint16(s + 40, true) & 1) === 1
      const w = abs
        ? v.getUint32(s + 16, true) === CLOCK.REALTIME
          ? 0n
          : timeout - this.monotonic
        : timeout
      return w < 0n ? 0n : w
    }
    let fdReady = false
    let sleep = -1n
    for (let i = 0; i < nsubs; i++) {
      const s = inPtr + i * 48
      if (v.getUint8(s + 8) !== 0) fdReady = true
      else {
        const w = wait(s)
        if (sleep < 0n || w < sleep) sleep = w
      }
    }
    let fired = 0
    for (let i = 0; i < nsubs; i++) {
      const s = inPtr + i * 48
      const userdata = v.getBigUint64(s, true)
      const tag = v.getUint8(s + 8)
      let nbytes = 0n
      if (tag === 0) {
        if (fdReady || wait(s) !== sleep) continue
      } else {
        if (!fdReady) continue
        const f = this.chan(v.getUint32(s + 16, true))
        nbytes = BigInt(f && tag === 1 ? Math.max(0, f.ch.size - f.offset) : 0)
      }
      const o = outPtr + fired++ * 32
      v.setBigUint64(o, userdata, true)
      v.setUint16(o + 8, 0, true)
      v.setUint8(o + 10, tag)
      v.setBigUint64(o + 16, nbytes, true)
      v.setUint16(o + 24, 0, true)
    }
    if (!fdReady && sleep > 0n) this.monotonic += sleep
    v.setUint32(neventsPtr, fired, true)
    return E.SUCCESS
  }

  /**
   * The instance being run on this thread. Guests run synchronously from instantiation to
   * exit, so one shared import object can dispatch to it; building a fresh import object per
   * instance would cost more than the rest of a trivial spawn.
   */
  static current: Wasi | undefined

  /** The `wasi_snapshot_preview1` import object, shared by all instances (see `current`). */
  static readonly imports = Wasi.makeImports()

  private static makeImports(): Record<string, (...a: never[]) => number> {
    const w = (): Wasi => Wasi.current!
    const nosys = (): number => E.NOSYS
    const readOnly = (): number => E.ACCES
    const fns = {
      args_get: (ptrs: number, buf: number) => w().putStrings(w().argv, ptrs, buf),
      args_sizes_get: (c: number, s: number) => w().putSizes(w().argv, c, s),
      environ_get: (ptrs: number, buf: number) => w().putStrings(w().environ, ptrs, buf),
      environ_sizes_get: (c: number, s: number) => w().putSizes(w().environ, c, s),
      clock_res_get: (_id: number, ptr: number) => {
        w().dv().setBigUint64(ptr, MONOTONIC_STEP, true)
        return E.SUCCESS
      },
      clock_time_get: (id: number, _precision: bigint, ptr: number) => {
        if (id > CLOCK.THREAD_CPUTIME) return E.INVAL
        w()
          .dv()
          .setBigUint64(ptr, id === CLOCK.REALTIME ? w().realtime : w().tick(), true)
        return E.SUCCESS
      },
      fd_read: (fd: number, iovs: number, n: number, nread: number) => {
        const f = w().chan(fd)
        if (!f) return w().readOther(fd, iovs, n, nread)
        const r = w().readInto(f, iovs, n, f.offset)
        if (r < 0) return -r
        f.offset += r
        w().dv().setUint32(nread, r, true)
        return E.SUCCESS
      },
      fd_pread: (fd: number, iovs: number, n: number, offset: bigint, nread: number) => {
        const f = w().chan(fd)
        if (!f) return w().readOther(fd, iovs, n, nread, Number(offset))
        const r = w().readInto(f, iovs, n, Number(offset))
        if (r < 0) return -r
        w().dv().setUint32(nread, r, true)
        return E.SUCCESS
      },
      fd_write: (fd: number, iovs: number, n: number, nwritten: number) => {
        const f = w().chan(fd)
        if (!f) return w().fs.fds[fd]?.kind === 'dir' ? E.ISDIR : E.BADF
        const r = w().writeFrom(f, iovs, n)
        if (r < 0) return -r
        w().dv().setUint32(nwritten, r, true)
        return E.SUCCESS
      },
      fd_pwrite: (fd: number, iovs: number, n: number, offset: bigint, nwritten: number) => {
        const f = w().chan(fd)
        if (!f) return w().fs.fds[fd]?.kind === 'dir' ? E.ISDIR : E.BADF
        const r = w().writeFrom(f, iovs, n, Number(offset))
        if (r < 0) return -r
        w().dv().setUint32(nwritten, r, true)
        return E.SUCCESS
      },
      fd_seek: (fd: number, offset: bigint, whence: number, ptr: number) => {
        const f = w().chan(fd)
        if (!f) return w().seekTree(fd, offset, whence, ptr)
        if (f.ch.mode === 'write') {
          // Outputs are append-only streams; report the end for ftell-style queries.
          if (offset !== 0n || whence === WHENCE.SET) return E.SPIPE
          w().dv().setBigUint64(ptr, BigInt(f.ch.size), true)
          return E.SUCCESS
        }
        const base = whence === WHENCE.SET ? 0 : whence === WHENCE.CUR ? f.offset : f.ch.size
        if (whence > WHENCE.END) return E.INVAL
        const next = base + Number(offset)
        if (next < 0) return E.INVAL
        f.offset = next
        w().dv().setBigUint64(ptr, BigInt(next), true)
        return E.SUCCESS
      },
      fd_tell: (fd: number, ptr: number) => {
        const f = w().chan(fd)
        if (!f) return w().seekTree(fd, 0n, WHENCE.CUR, ptr)
        w()
          .dv()
          .setBigUint64(ptr, BigInt(f.ch.mode === 'write' ? f.ch.size : f.offset), true)
        return E.SUCCESS
      },
      fd_close: (fd: number) => w().fs.close(fd),
      fd_renumber: (from: number, to: number) => w().fs.renumber(from, to),
      fd_fdstat_get: (fd: number, ptr: number) => {
        const f = w().fs.fds[fd]
        if (!f) return E.BADF
        const v = w().dv()
        v.setUint8(ptr, f.kind === 'dir' ? FILETYPE.DIRECTORY : FILETYPE.REGULAR_FILE)
        v.setUint16(ptr + 2, 0, true)
        v.setBigUint64(ptr + 8, ALL_RIGHTS, true)
        v.setBigUint64(ptr + 16, ALL_RIGHTS, true)
        return E.SUCCESS
      },
      fd_fdstat_set_flags: (fd: number) => (w().fs.fds[fd] ? E.SUCCESS : E.BADF),
      fd_fdstat_set_rights: (fd: number) => (w().fs.fds[fd] ? E.SUCCESS : E.BADF),
      fd_filestat_get: (fd: number, ptr: number) => {
        const f = w().fs.fds[fd]
        if (!f) return E.BADF
        if (f.kind === 'dir') w().putFilestat(ptr, FILETYPE.DIRECTORY, 0, w().fs.ino(f.path))
        else if (f.kind === 'file')
          w().putFilestat(ptr, FILETYPE.REGULAR_FILE, f.data.length, w().fs.ino(f.path))
        else w().putFilestat(ptr, FILETYPE.REGULAR_FILE, f.ch.size, w().fs.ino(f.ch.alias))
        return E.SUCCESS
      },
      fd_prestat_get: (fd: number, ptr: number) => {
        const name = w().fs.preopen(fd)
        if (name === undefined || w().fs.fds[fd]?.kind !== 'dir') return E.BADF
        const v = w().dv()
        v.setUint8(ptr, 0)
        v.setUint32(ptr + 4, name.length, true)
        return E.SUCCESS
      },
      fd_prestat_dir_name: (fd: number, ptr: number, len: number) => {
        const name = w().fs.preopen(fd)
        if (name === undefined || w().fs.fds[fd]?.kind !== 'dir') return E.BADF
        w().u8().set(utf8.encode(name).subarray(0, len), ptr)
        return E.SUCCESS
      },
      fd_readdir: (fd: number, buf: number, len: number, cookie: bigint, used: number) =>
        w().readdir(fd, buf, len, cookie, used),
      path_open: (
        dirfd: number,
        _dirflags: number,
        pathPtr: number,
        pathLen: number,
        oflags: number,
        rightsBase: bigint,
        _rightsInheriting: bigint,
        _fdflags: number,
        fdPtr: number,
      ) => {
        if (pathLen > RUNTIME_CAPS.maxPathBytes) return E.NAMETOOLONG
        const write = (BigInt(rightsBase) & FD_WRITE_RIGHT) !== 0n
        const r = w().fs.open(dirfd, w().path(pathPtr, pathLen), oflags, write)
        if (r < 0) return -r
        w().dv().setUint32(fdPtr, r, true)
        return E.SUCCESS
      },
      path_filestat_get: (fd: number, _flags: number, p: number, len: number, ptr: number) => {
        if (len > RUNTIME_CAPS.maxPathBytes) return E.NAMETOOLONG
        const s = w().fs.stat(fd, w().path(p, len))
        if (typeof s === 'number') return -s
        w().putFilestat(ptr, s.type, s.size, s.ino)
        return E.SUCCESS
      },
      poll_oneoff: (i: number, o: number, n: number, ne: number) => w().poll(i, o, n, ne),
      random_get: (ptr: number, len: number) => {
        w().prng.fill(
          w()
            .u8()
            .subarray(ptr, ptr + len),
        )
        return E.SUCCESS
      },
      sched_yield: () => E.SUCCESS,
      proc_exit: (code: number) => {
        throw new WasiExit(code)
      },
      proc_raise: nosys,
      // Only modules allowed SOCKET_IMPORTS (the python image) link these; no fd is a socket.
      sock_accept: () => E.NOTSOCK,
      sock_recv: () => E.NOTSOCK,
      sock_send: () => E.NOTSOCK,
      sock_shutdown: () => E.NOTSOCK,
      fd_advise: () => E.SUCCESS,
      fd_allocate: readOnly,
      fd_datasync: () => E.SUCCESS,
      fd_sync: () => E.SUCCESS,
      fd_filestat_set_size: readOnly,
      fd_filestat_set_times: readOnly,
      path_create_directory: readOnly,
      path_filestat_set_times: readOnly,
      path_link: readOnly,
      path_readlink: () => E.NOENT,
      path_remove_directory: readOnly,
      path_rename: readOnly,
      path_symlink: readOnly,
      path_unlink_file: readOnly,
    }
    return fns as unknown as Record<string, (...a: never[]) => number>
  }
}
