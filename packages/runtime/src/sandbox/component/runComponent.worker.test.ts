import { Worker } from 'node:worker_threads'
import { afterEach, describe, expect, it } from 'vitest'
import type { InstanceResult, InstanceSpec } from '@zerolab/shared'
import { buildComponent, componentSpec } from '../../../test/componentBuild.ts'

const bootstrap = new URL('../../../test/componentWorker.mjs', import.meta.url)
const workers: Worker[] = []

async function spawn(): Promise<Worker> {
  const w = new Worker(bootstrap)
  workers.push(w)
  await new Promise<void>((resolve, reject) => {
    w.once('message', () => resolve())
    w.once('error', reject)
  })
  return w
}

/** Runs a spec on a worker, killing the worker when the wall-clock limit passes (as the pool does). */
function runOn(w: Worker, spec: InstanceSpec): Promise<InstanceResult | 'killed'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      void w.terminate().then(() => resolve('killed'))
    }, spec.limits.timeoutMs)
    w.once('message', (r: InstanceResult) => {
      clearTimeout(timer)
      resolve(r)
    })
    w.postMessage(spec)
  })
}

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.terminate()))
})

describe('component image in a worker_thread', () => {
  it('a pure infinite loop is ended by killing its worker; a fresh worker then runs fine', async () => {
    const hostile = buildComponent('component/hostile.c')
    const hello = buildComponent('component/hello.c')
    const first = await spawn()
    // warm the worker (transpile + compile) so the timeout only covers the loop
    const warm = await runOn(first, componentSpec(hostile, { limits: { timeoutMs: 60_000 } }))
    expect(warm).not.toBe('killed')
    const looped = await runOn(
      first,
      componentSpec(hostile, { args: ['loop'], limits: { timeoutMs: 500 } }),
    )
    expect(looped).toBe('killed')
    const next = await spawn()
    const r = await runOn(next, componentSpec(hello, { limits: { timeoutMs: 60_000 } }))
    expect(r).not.toBe('killed')
    expect((r as InstanceResult).status).toBe('ok')
    expect(new TextDecoder().decode((r as InstanceResult).outputs['/dev/stdout'])).toBe(
      'hello from comp-1\n',
    )
  })
})
