/**
 * A read-only file tree a WASI guest sees besides its channels (the python image's standard
 * library and script). Built once per worker from a ustar archive and shared by every
 * instance: file contents are views into the archive's bytes, never copied.
 */
export interface FileTree {
  /** Contents of the file at absolute `path`, if it is one. */
  file(path: string): Uint8Array | undefined
  isDir(path: string): boolean
  /** Sorted names in folder `path` with whether each is a folder. */
  list(path: string): { name: string; dir: boolean }[]
}

const utf8d = new TextDecoder()

function field(b: Uint8Array, at: number, len: number): string {
  const s = b.subarray(at, at + len)
  const end = s.indexOf(0)
  return utf8d.decode(end < 0 ? s : s.subarray(0, end))
}

function octal(b: Uint8Array, at: number, len: number): number {
  const t = field(b, at, len).trim()
  return t === '' ? 0 : parseInt(t, 8)
}

/** `a/b/../c/` → `/a/c`: absolute, no empty, `.` or `..` segments. */
export function normalize(path: string): string {
  const parts: string[] = []
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') parts.pop()
    else parts.push(seg)
  }
  return `/${parts.join('/')}`
}

const parentOf = (p: string): string => p.slice(0, Math.max(1, p.lastIndexOf('/')))
const baseOf = (p: string): string => p.slice(p.lastIndexOf('/') + 1)

/** A tree held in maps: files by path, folders with their children's names. */
export class MapTree implements FileTree {
  private readonly files = new Map<string, Uint8Array>()
  private readonly dirs = new Map<string, Set<string>>([['/', new Set()]])
  private readonly sorted = new Map<string, { name: string; dir: boolean }[]>()

  addDir(path: string): void {
    const p = normalize(path)
    if (this.dirs.has(p)) return
    this.addDir(parentOf(p))
    this.dirs.get(parentOf(p))!.add(baseOf(p))
    this.dirs.set(p, new Set())
    this.sorted.clear()
  }

  addFile(path: string, data: Uint8Array): void {
    const p = normalize(path)
    this.addDir(parentOf(p))
    this.dirs.get(parentOf(p))!.add(baseOf(p))
    this.files.set(p, data)
    this.sorted.clear()
  }

  file(path: string): Uint8Array | undefined {
    return this.files.get(path)
  }

  isDir(path: string): boolean {
    return this.dirs.has(path)
  }

  list(path: string): { name: string; dir: boolean }[] {
    let out = this.sorted.get(path)
    if (!out) {
      const names = [...(this.dirs.get(path) ?? [])].sort()
      out = names.map((name) => ({ name, dir: this.dirs.has(normalize(`${path}/${name}`)) }))
      this.sorted.set(path, out)
    }
    return out
  }

  /**
   * The regular files and folders of a ustar archive under `root` (symlinks and other entry
   * types are skipped). Throws on a truncated or malformed archive.
   */
  static fromTar(tar: Uint8Array, root = '/'): MapTree {
    const tree = new MapTree()
    let at = 0
    while (at + 512 <= tar.length) {
      const h = tar.subarray(at, at + 512)
      if (h.every((x) => x === 0)) break
      const name = field(h, 0, 100)
      const prefix = field(h, 345, 155)
      const size = octal(h, 124, 12)
      const type = String.fromCharCode(h[156] || 48)
      const start = at + 512
      if (start + size > tar.length) throw new Error(`truncated archive at ${name}`)
      const path = `${root}/${prefix ? `${prefix}/` : ''}${name}`
      if (type === '0' || type === '\0') tree.addFile(path, tar.subarray(start, start + size))
      else if (type === '5') tree.addDir(path)
      at = start + Math.ceil(size / 512) * 512
    }
    return tree
  }
}

/** `base` with a few files of one instance on top (its script), without copying `base`. */
export class OverlayTree implements FileTree {
  private readonly top = new MapTree()

  constructor(
    private readonly base: FileTree,
    files: Record<string, Uint8Array>,
  ) {
    for (const [p, data] of Object.entries(files)) this.top.addFile(p, data)
  }

  file(path: string): Uint8Array | undefined {
    return this.top.file(path) ?? this.base.file(path)
  }

  isDir(path: string): boolean {
    return this.top.isDir(path) || this.base.isDir(path)
  }

  list(path: string): { name: string; dir: boolean }[] {
    const mine = this.top.list(path)
    if (mine.length === 0) return this.base.list(path)
    const all = new Map(this.base.list(path).map((e) => [e.name, e]))
    for (const e of mine) if (!all.has(e.name)) all.set(e.name, e)
    return [...all.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  }
}
