import { MessageChannel } from 'node:worker_threads'
import type { FromWorker, ToWorker } from '@zerolab/shared'
import { describe, expect, it } from 'vitest'
import { HELLO_WAT } from '../test/hostile.ts'
import { makeSpec, text } from '../test/spec.ts'
import { wat } from '../test/wat.ts'
import { serve } from './worker.ts'

describe('serve', () => {
  it('runs specs, remembers programs and asks for evicted ones', async () => {
    const { port1: host, port2: worker } = new MessageChannel()
    const stop = serve({
      post: (m, t) => worker.postMessage(m, t as ArrayBuffer[]),
      on: (cb) => {
        const f = (m: ToWorker): void => cb(m)
        worker.on('message', f)
        return () => worker.off('message', f)
      },
    })
    const inbox: FromWorker[] = []
    const waiting: ((m: FromWorker) => void)[] = []
    host.on('message', (m: FromWorker) => {
      const w = waiting.shift()
      if (w) w(m)
      else inbox.push(m)
    })
    const next = (): Promise<FromWorker> =>
      new Promise((resolve) => {
        const m = inbox.shift()
        if (m) resolve(m)
        else waiting.push(resolve)
      })
    expect(await next()).toEqual({ v: 1, type: 'ready' })
    const spec = makeSpec({ code: await wat(HELLO_WAT) })
    const send = (msg: ToWorker): void => host.postMessage(msg)

    send({
      v: 1,
      type: 'run',
      id: 1,
      spec: { ...spec, program: { ...spec.program, code: new Uint8Array(0) } },
      codeOmitted: true,
    })
    expect(await next()).toMatchObject({ type: 'failed', id: 1, error: { code: 'NOT_FOUND' } })

    send({ v: 1, type: 'run', id: 2, spec })
    let r = await next()
    if (r.type === 'started') r = await next() // the first run compiles, which may be slow
    if (r.type !== 'result') throw new Error(`unexpected ${r.type}`)
    expect(r.id).toBe(2)
    expect(text(r.result.outputs['/dev/stdout'])).toBe('hello\n')

    send({
      v: 1,
      type: 'run',
      id: 3,
      spec: { ...spec, program: { ...spec.program, code: new Uint8Array(0) } },
      codeOmitted: true,
    })
    expect(await next()).toMatchObject({ type: 'result', id: 3, result: { status: 'ok' } })

    send({ v: 1, type: 'ping', id: 4 })
    expect(await next()).toEqual({ v: 1, type: 'pong', id: 4 })
    stop()
    host.close()
  })
})
