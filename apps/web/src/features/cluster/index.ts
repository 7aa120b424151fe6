export { SignInDialog } from './SignInDialog.tsx'
export type { ClusterClient, SwiftContainer, SwiftObject } from './clusterClient.ts'
export { clusterClient, openSignIn, useCluster } from './clusterStore.ts'
