import { createStore, useStore } from '../../state/createStore.ts'
import { ClusterClient, signIn, type ClusterSession } from './clusterClient.ts'
import { loadSession, saveSession } from './session.ts'

export interface ClusterState {
  session: ClusterSession | null
  /** The sign-in dialog is open (e.g. after "Run on cluster" without a session). */
  dialogOpen: boolean
}

const initial = (): ClusterState => ({
  session: typeof window === 'undefined' ? null : loadSession(),
  dialogOpen: false,
})

export const clusterStore = createStore<ClusterState>(initial())

export const useCluster = <S>(select: (s: ClusterState) => S): S => useStore(clusterStore, select)

export function clusterClient(): ClusterClient | null {
  const s = clusterStore.get().session
  return s ? new ClusterClient(s) : null
}

/** What to do once signed in (the cluster run that asked for the sign-in). */
let afterSignIn: (() => void) | null = null

export async function signInToCluster(o: {
  url: string
  account: string
  user: string
  key: string
  containers?: string[]
}): Promise<ClusterSession> {
  const session = await signIn(o)
  if (o.containers) session.containers = o.containers
  saveSession(session)
  clusterStore.set((s) => ({ ...s, session, dialogOpen: false }))
  const then = afterSignIn
  afterSignIn = null
  then?.()
  return session
}

export function signOut(): void {
  saveSession(null)
  clusterStore.set((s) => ({ ...s, session: null }))
}

/** Opens (or closes) the sign-in dialog; `then` runs after a successful sign-in. */
export function openSignIn(open = true, then?: () => void): void {
  afterSignIn = open ? (then ?? null) : null
  clusterStore.set((s) => ({ ...s, dialogOpen: open }))
}
