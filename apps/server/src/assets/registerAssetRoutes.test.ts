import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openHarness } from '../../test/harness.ts'

const KEY = '0123456789abcdef'
const cache = mkdtempSync(join(tmpdir(), 'zerolab-pywasm-'))
const previous = process.env['ZEROLAB_PYTHON_WASM_CACHE']
process.env['ZEROLAB_PYTHON_WASM_CACHE'] = cache
const h = await openHarness()
afterAll(async () => {
  await h.close()
  if (previous === undefined) delete process.env['ZEROLAB_PYTHON_WASM_CACHE']
  else process.env['ZEROLAB_PYTHON_WASM_CACHE'] = previous
  rmSync(cache, { recursive: true, force: true })
})

describe('python assets for browsers', () => {
  it('answers 503 UNAVAILABLE with the build command while nothing is built', async () => {
    const r = await h.fetch('/api/assets/python/manifest.json')
    expect(r.status).toBe(503)
    expect(r.headers.get('x-error-code')).toBe('UNAVAILABLE')
    expect(await r.text()).toContain('bash scripts/python-wasm/build.sh')
  })

  it('serves the current manifest uncached and a build’s files immutable and same-origin', async () => {
    mkdirSync(join(cache, KEY))
    writeFileSync(join(cache, 'current.json'), JSON.stringify({ key: KEY }))
    writeFileSync(join(cache, KEY, 'manifest.json'), JSON.stringify({ key: KEY }))
    writeFileSync(join(cache, KEY, 'python.wasm'), new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))
    const m = await h.fetch('/api/assets/python/manifest.json')
    expect(m.status).toBe(200)
    expect(m.headers.get('cache-control')).toBe('no-cache')
    expect(await m.json()).toEqual({ key: KEY })
    const w = await h.fetch(`/api/assets/python/${KEY}/python.wasm`)
    expect(w.status).toBe(200)
    expect(w.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(w.headers.get('cross-origin-resource-policy')).toBe('same-origin')
    expect(new Uint8Array(await w.arrayBuffer())).toEqual(
      new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]),
    )
  })

  it('names nothing outside a build’s own files', async () => {
    for (const path of [
      `/api/assets/python/${KEY}/manifest.jsonx`,
      `/api/assets/python/${KEY}/..%2Fcurrent.json`,
      '/api/assets/python/../../etc/passwd',
      `/api/assets/python/ffffffffffffffff/python.wasm`,
    ]) {
      const r = await h.fetch(path)
      expect(r.status, path).toBe(404)
    }
  })
})
