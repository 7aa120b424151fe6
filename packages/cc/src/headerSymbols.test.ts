import { describe, expect, it } from 'vitest'
import { headerSymbols } from './headerSymbols.ts'
import { ZEROLAB_H } from './zerolabHeader.ts'

describe('headerSymbols', () => {
  const symbols = headerSymbols(ZEROLAB_H)
  const byName = new Map(symbols.map((s) => [s.name, s]))

  it('lists every documented helper of <zerolab.h>', () => {
    expect(symbols.map((s) => s.name)).toEqual([
      'ZL_PATH_MAX',
      'zl_list_t',
      'zl_path',
      'zl_open',
      'zl_read',
      'zl_write',
      'zl_printf',
      'zl_list',
      'zl_list_free',
      'ZL_FOR_EACH',
      'zl_read_peer',
      'zl_env',
      'zl_name',
      'zl_object',
    ])
  })

  it('keeps signatures, parameters and docs', () => {
    expect(byName.get('zl_read')).toEqual({
      name: 'zl_read',
      kind: 'function',
      signature: 'char *zl_read(const char *channel, size_t *len)',
      params: ['const char *channel', 'size_t *len'],
      doc: expect.stringMatching(/^Reads the rest of a channel into a malloc'd buffer/),
    })
    expect(byName.get('zl_printf')).toMatchObject({
      signature: 'int zl_printf(const char *channel, const char *fmt, ...)',
      params: ['const char *channel', 'const char *fmt', '...'],
    })
    expect(byName.get('zl_name')).toMatchObject({
      signature: 'const char *zl_name(void)',
      params: [],
    })
    expect(byName.get('ZL_FOR_EACH')).toMatchObject({
      kind: 'macro',
      signature: 'ZL_FOR_EACH(dir, var)',
      params: ['dir', 'var'],
    })
    expect(byName.get('zl_list_t')?.kind).toBe('type')
    expect(byName.get('ZL_PATH_MAX')?.kind).toBe('constant')
  })
})
