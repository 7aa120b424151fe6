import { describe, expect, it } from 'vitest'
import { ChannelTable } from '../common/channels.ts'
import { bytesOf, componentSpec } from '../../../test/componentBuild.ts'
import { InputStream, IoError, OutputStream, Pollable, poll } from './io.ts'
import { filesystemErrorCode } from './filesystem.ts'
import { ComponentState } from './state.ts'

function setup(stdin: string, stdoutLimit?: number): ComponentState {
  const spec = componentSpec(new Uint8Array(0), { stdin })
  if (stdoutLimit !== undefined) spec.channels[1]!.limits = { maxWriteBytes: stdoutLimit }
  return new ComponentState(spec, new ChannelTable(spec.channels, 1 << 20))
}

const dec = new TextDecoder()

describe('component wasi:io over channels', () => {
  it('stdin streams share the channel position; EOF is the closed stream error', () => {
    const state = setup('abcdef')
    const stdin = state.table.get('/dev/stdin')
    const a = new InputStream(state, stdin)
    const b = new InputStream(state, stdin)
    expect(dec.decode(a.blockingRead(4n))).toBe('abcd')
    expect(dec.decode(b.blockingRead(4n))).toBe('ef')
    expect(() => a.read(4n)).toThrow(expect.objectContaining({ tag: 'closed' }))
  })

  it('positional streams keep their own offset', () => {
    const state = setup('abcdef')
    const stdin = state.table.get('/dev/stdin')
    const at2 = new InputStream(state, stdin, 2)
    expect(dec.decode(at2.read(2n))).toBe('cd')
    expect(dec.decode(new InputStream(state, stdin).read(3n))).toBe('abc')
    expect(dec.decode(at2.read(9n))).toBe('ef')
  })

  it('a write past the channel limit fails with an error whose code is quota', () => {
    const state = setup('', 4)
    const out = new OutputStream(state, state.table.get('/dev/stdout'))
    out.write(bytesOf('abc'))
    let err: unknown
    try {
      out.write(bytesOf('de'))
    } catch (e) {
      err = e
    }
    expect(err).toMatchObject({ tag: 'last-operation-failed' })
    const val = (err as { val: IoError }).val
    expect(val).toBeInstanceOf(IoError)
    expect(filesystemErrorCode(val)).toBe('quota')
    expect(state.table.quotaAlias).toBe('/dev/stdout')
    expect(dec.decode(state.table.get('/dev/stdout')!.output())).toBe('abc')
  })

  it('sleeping advances only the logical clock', () => {
    const state = setup('')
    const timer = new Pollable(state, 5_000n)
    expect(timer.ready()).toBe(false)
    expect([...poll([timer, new Pollable(state, 9_000n)])]).toEqual([0])
    expect(state.monotonicNs).toBe(5_000n)
  })
})
