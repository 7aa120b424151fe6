// Worker bootstrap: teach this thread TypeScript (tsx), then start the compiler worker.
import { register } from 'tsx/esm/api'

register()
await import('./workerEntry.ts')
