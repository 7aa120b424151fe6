// Worker bootstrap: lets a worker_thread load the TypeScript sources through tsx.
import { register } from 'tsx/esm/api'

register()
await import('./componentWorker.ts')
