export { SignInDialog } from './SignInDialog.tsx'
export type { ClusterClient, JobSummary, SwiftContainer, SwiftObject } from './clusterClient.ts'
export { clusterClient, openSignIn, useCluster } from './clusterStore.ts'
export type { SseMessage } from './sseParser.ts'
