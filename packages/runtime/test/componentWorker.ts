/** A bare worker_thread that runs component instances, for tests that must kill a guest. */
import { parentPort } from 'node:worker_threads'
import type { InstanceSpec } from '@zerolab/shared'
import type { ImageContext } from '../src/sandbox/image.ts'
import { runComponent } from '../src/sandbox/component/runComponent.ts'

const ctx: ImageContext = { cache: new Map() }
const port = parentPort
if (port === null) throw new Error('componentWorker must run in a worker_thread')

port.on('message', (spec: InstanceSpec) => {
  void runComponent(spec, ctx).then((result) => port.postMessage(result))
})
port.postMessage('ready')
