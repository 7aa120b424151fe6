import { describe, expect, it } from 'vitest'
import { ABORT } from '../../io/layout.ts'
import { ChannelAbort } from '../../io/workerIo.ts'
import { classify } from './outcome.ts'

describe('component outcome', () => {
  it('a channel call ended by the deadlock check is deadlock, by a cancel an error (as in wasm)', () => {
    expect(classify(new ChannelAbort(ABORT.DEADLOCK))).toEqual({
      status: 'deadlock',
      exitCode: -1,
      validation: 0,
      message: 'deadlock',
    })
    expect(classify(new ChannelAbort(ABORT.CANCELLED))).toMatchObject({
      status: 'error',
      message: 'cancelled',
    })
  })
})
