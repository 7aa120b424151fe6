import { describe, expect, it } from 'vitest'
import { ChannelTable } from '../common/channels.ts'
import { componentSpec } from '../../../test/componentBuild.ts'
import { ComponentState } from './state.ts'
import { ALLOWED_IMPORTS, wasiImports } from './wasiImports.ts'

describe('wasiImports', () => {
  it('provides exactly the allow-listed interfaces, and nothing of sockets or http', () => {
    const spec = componentSpec(new Uint8Array(0))
    const state = new ComponentState(spec, new ChannelTable(spec.channels, 1 << 20))
    const keys = Object.keys(wasiImports(state)).sort()
    expect(keys).toEqual([...ALLOWED_IMPORTS].sort())
    expect(keys.filter((k) => /sockets|http/.test(k))).toEqual([])
  })
})
