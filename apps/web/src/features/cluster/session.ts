import type { ClusterSession } from './clusterClient.ts'

const KEY = 'zerolab.cluster.session'

/** The signed-in session lives in sessionStorage: gone when the tab closes, never in a share link. */
export function loadSession(
  storage: Pick<Storage, 'getItem'> = sessionStorage,
): ClusterSession | null {
  try {
    const raw = storage.getItem(KEY)
    if (!raw) return null
    const s = JSON.parse(raw) as Partial<ClusterSession>
    if (typeof s.url !== 'string' || typeof s.token !== 'string' || typeof s.account !== 'string')
      return null
    return {
      url: s.url,
      account: s.account,
      user: s.user ?? '',
      token: s.token,
      storageUrl: s.storageUrl ?? `${s.url}/v1/AUTH_${s.account}`,
      ...(Array.isArray(s.containers) && s.containers.every((c) => typeof c === 'string')
        ? { containers: s.containers }
        : {}),
    }
  } catch {
    return null
  }
}

export function saveSession(
  s: ClusterSession | null,
  storage: Pick<Storage, 'setItem' | 'removeItem'> = sessionStorage,
): void {
  try {
    if (s) storage.setItem(KEY, JSON.stringify(s))
    else storage.removeItem(KEY)
  } catch {
    // storage disabled: the session lasts as long as the page
  }
}
