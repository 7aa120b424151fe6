const PREFIX = 'zerolab-clang-'

/**
 * A fetch that keeps GET responses in Cache Storage under `version`: the compiler's ~100 MB of
 * Wasm and sysroot download once per compiler release, whatever the HTTP cache evicts. Caches of
 * other releases are deleted. Falls back to the network when Cache Storage is unavailable.
 */
export function cachingFetch(base: typeof fetch, version: string): typeof fetch {
  const name = `${PREFIX}${version}`
  let cleaned = false
  return async (input, init) => {
    if (typeof caches === 'undefined' || (init?.method ?? 'GET') !== 'GET') return base(input, init)
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    let cache: Cache
    try {
      cache = await caches.open(name)
      if (!cleaned) {
        cleaned = true
        for (const k of await caches.keys())
          if (k.startsWith(PREFIX) && k !== name) void caches.delete(k)
      }
      const hit = await cache.match(url)
      if (hit) return hit
    } catch {
      return base(input, init)
    }
    const res = await base(input, init)
    if (res.ok) cache.put(url, res.clone()).catch(() => undefined)
    return res
  }
}
