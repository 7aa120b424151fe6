/**
 * Device and exec paths of a ZeroCloud job: `swift://acct/cont/obj`, `file://image:path`,
 * `zvm://node:device`, `tcp://` / `udp://` (debug only). `~` and `.` as the account mean the
 * caller's own account; `*` may appear in the container or object part.
 */
export type JobPath =
  | { scheme: 'swift'; account: string; container: string; object?: string }
  | { scheme: 'file'; image?: string; path: string }
  | { scheme: 'zvm'; node: string; device: string }
  | { scheme: 'tcp' | 'udp'; address: string }
  | { scheme: 'relative'; path: string }

/** Parses a path, or returns a reason string when it is malformed. */
export function parseJobPath(text: string): JobPath | string {
  const m = /^([a-z]+):\/\/(.*)$/s.exec(text)
  if (!m) {
    if (text.length === 0) return 'empty path'
    return { scheme: 'relative', path: text }
  }
  const scheme = m[1]!
  const rest = m[2]!
  switch (scheme) {
    case 'swift': {
      const slash = rest.indexOf('/')
      if (slash <= 0) return `swift path needs an account and a container: "${text}"`
      const account = rest.slice(0, slash)
      const tail = rest.slice(slash + 1)
      const slash2 = tail.indexOf('/')
      const container = slash2 < 0 ? tail : tail.slice(0, slash2)
      const object = slash2 < 0 ? undefined : tail.slice(slash2 + 1)
      if (account.includes('*')) return `wildcard not allowed in the account: "${text}"`
      if (container.length === 0) return `swift path needs a container: "${text}"`
      if (object !== undefined && object.length === 0)
        return `swift path has an empty object name: "${text}"`
      return object === undefined
        ? { scheme: 'swift', account, container }
        : { scheme: 'swift', account, container, object }
    }
    case 'file': {
      const colon = rest.indexOf(':')
      if (colon < 0) return rest.length ? { scheme: 'file', path: rest } : 'empty file path'
      const image = rest.slice(0, colon)
      const path = rest.slice(colon + 1)
      if (!path) return `file path needs a path after the image: "${text}"`
      return { scheme: 'file', image, path }
    }
    case 'zvm': {
      const colon = rest.lastIndexOf(':')
      if (colon <= 0 || colon === rest.length - 1)
        return `zvm path must be zvm://node:device: "${text}"`
      return { scheme: 'zvm', node: rest.slice(0, colon), device: rest.slice(colon + 1) }
    }
    case 'tcp':
    case 'udp':
      return rest ? { scheme, address: rest } : `empty ${scheme} address`
    default:
      return `unknown scheme "${scheme}://"`
  }
}

/** True when `account` means the caller's own account. */
export function isOwnAccount(account: string): boolean {
  return account === '~' || account === '.'
}

/** Formats a swift path back into its URL. */
export function swiftUrl(account: string, container: string, object?: string): string {
  return object === undefined
    ? `swift://${account}/${container}`
    : `swift://${account}/${container}/${object}`
}

/**
 * Splits ZeroCloud's one-string `exec.args` into argv (argv[0] excluded): words are separated
 * by runs of spaces or tabs and `\xNN` escapes decode to that byte, so `a\x20b` is one
 * argument "a b" (zpm escapes each argument that way before joining them with spaces).
 */
export function splitArgs(args: string): string[] {
  return args
    .split(/[ \t\n]+/)
    .filter((w) => w.length > 0)
    .map((w) => unescapeArg(w))
}

/** UTF-8 bytes of one character, without TextEncoder (shared has no DOM or Node types). */
function utf8(ch: string): number[] {
  return encodeURIComponent(ch)
    .split('%')
    .slice(1)
    .map((h) => parseInt(h, 16))
    .concat(/^[A-Za-z0-9\-_.!~*'()]$/.test(ch) ? [ch.charCodeAt(0)] : [])
}

function fromUtf8(bytes: number[]): string {
  const hex = bytes.map((b) => '%' + b.toString(16).padStart(2, '0')).join('')
  try {
    return decodeURIComponent(hex)
  } catch {
    return String.fromCharCode(...bytes) // not UTF-8: keep the bytes as Latin-1
  }
}

function unescapeArg(word: string): string {
  const bytes: number[] = []
  for (let i = 0; i < word.length;) {
    const m = /^\\x([0-9a-fA-F]{2})/.exec(word.slice(i, i + 4))
    if (m) {
      bytes.push(parseInt(m[1]!, 16))
      i += 4
      continue
    }
    const ch = String.fromCodePoint(word.codePointAt(i)!)
    bytes.push(...utf8(ch))
    i += ch.length
  }
  return fromUtf8(bytes)
}

/** The inverse of splitArgs: escapes whitespace, backslashes and control bytes as `\xNN`. */
export function joinArgs(argv: string[]): string {
  return argv
    .filter((a) => a.length > 0)
    .map((a) =>
      // eslint-disable-next-line no-control-regex
      a.replace(/[\s\\\x00-\x1f\x7f]/gu, (c) =>
        utf8(c)
          .map((b) => `\\x${b.toString(16).padStart(2, '0')}`)
          .join(''),
      ),
    )
    .join(' ')
}
