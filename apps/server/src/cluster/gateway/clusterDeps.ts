import type { IssuedSwiftToken } from '../../swiftBackend/passThrough.ts'
import type { NodeRegistry } from './nodeRegistry.ts'

/** What the gateway adds to the app's deps in cluster mode. */
export interface ClusterDeps {
  /** The Swift proxy the object API passes through to. */
  proxyUrl: string
  registry: NodeRegistry
  /** Records a token Swift handed out through the pass-through (see SwiftTokenAuth). */
  remember(t: IssuedSwiftToken): void
  /** Runs of one instance before it is given up (a node lost mid-run costs one). */
  maxAttempts: number
}
