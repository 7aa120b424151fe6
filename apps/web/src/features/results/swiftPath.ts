/** `swift://account/container/path/to/object` → its parts (undefined for anything else). */
export function parseSwiftPath(
  p: string,
): { account: string; container: string; object: string } | undefined {
  const m = /^swift:\/\/([^/]+)\/([^/]+)\/(.+)$/.exec(p)
  if (!m) return undefined
  return { account: m[1]!, container: m[2]!, object: m[3]! }
}
