import {
  errorFromResponse,
  type WorkshopInvite,
  type WorkshopJoined,
  type WorkshopRequest,
  type WorkshopStudentsView,
  type WorkshopView,
} from '@zerolab/shared'
import type { ClusterSession, Fetch } from '../cluster/index.ts'

const JSON_HEADERS = { 'Content-Type': 'application/json' }

async function call<T>(fetchImpl: Fetch, url: string, init: RequestInit, what: string): Promise<T> {
  const res = await fetchImpl(url, init)
  if (!res.ok) throw await errorFromResponse(res, what)
  return (await res.json()) as T
}

const wsPath = (id: string, tail = ''): string => `/api/workshops/${encodeURIComponent(id)}${tail}`

/** The instructor's side of `/api/workshops`, with the signed-in session's token. */
export class WorkshopApi {
  constructor(
    private readonly session: ClusterSession,
    private readonly fetchImpl: Fetch = (i, init) => fetch(i, init),
  ) {}

  private send<T>(path: string, what: string, init: RequestInit = {}): Promise<T> {
    const headers = new Headers(init.headers)
    headers.set('X-Auth-Token', this.session.token)
    return call<T>(this.fetchImpl, `${this.session.url}${path}`, { ...init, headers }, what)
  }

  create(body: WorkshopRequest): Promise<WorkshopView> {
    return this.send('/api/workshops', 'create workshop', {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify(body),
    })
  }

  async list(): Promise<WorkshopView[]> {
    return (await this.send<{ workshops: WorkshopView[] }>('/api/workshops', 'workshops')).workshops
  }

  students(id: string): Promise<WorkshopStudentsView> {
    return this.send(wsPath(id, '/students'), 'students')
  }

  close(id: string): Promise<WorkshopView> {
    return this.send(wsPath(id, '/close'), 'close workshop', { method: 'POST' })
  }
}

/** What the link shows before joining (no sign-in needed: the link is the invitation). */
export function fetchInvite(
  base: string,
  id: string,
  fetchImpl: Fetch = (i, init) => fetch(i, init),
): Promise<WorkshopInvite> {
  return call(fetchImpl, `${base}${wsPath(id)}`, {}, 'workshop')
}

/** Joins under `name`: a new user of the workshop's account; its key is in this answer only. */
export function joinWorkshop(
  base: string,
  id: string,
  name: string,
  fetchImpl: Fetch = (i, init) => fetch(i, init),
): Promise<WorkshopJoined> {
  return call(
    fetchImpl,
    `${base}${wsPath(id, '/join')}`,
    { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ name }) },
    'join',
  )
}

/** `account:user` of a join answer, split for the sign-in (the account without `AUTH_`). */
export function joinedCredentials(j: WorkshopJoined): { account: string; user: string } {
  const i = j.authUser.indexOf(':')
  return i < 0
    ? { account: j.authUser, user: j.user }
    : { account: j.authUser.slice(0, i), user: j.authUser.slice(i + 1) }
}

/** The workshop id of a link (`/?workshop=<id>`), if the page was opened with one. */
export function workshopFromUrl(search: string): string | null {
  const id = new URLSearchParams(search).get('workshop')
  return id && /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : null
}
