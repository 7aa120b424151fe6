import { parseJob } from '@zerolab/shared'
import { describe, expect, it } from 'vitest'
import { md5Hex } from '../sandbox/common/md5.ts'
import { MemoryStore } from '../store/memoryStore.ts'
import { putObject } from '../store/objectIo.ts'
import { jobEventStream } from './jobEvents.ts'
import { wasmKind } from '../sandbox/common/wasmHeader.ts'
import { loadProgram } from './program.ts'

const core = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])
const component = new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0])

describe('loadProgram', () => {
  it('tells core modules from components by the header', () => {
    expect(wasmKind(core)).toBe('wasm')
    expect(wasmKind(component)).toBe('component')
    expect(wasmKind(new TextEncoder().encode('console.log(1)'))).toBeUndefined()
  })

  it('infers the image from inline source, base64, path extension and header', async () => {
    const store = new MemoryStore()
    await putObject(store, 'me/apps/c.wasm', component)
    await putObject(store, 'me/apps/m.nexe', core)
    await putObject(store, 'me/apps/t.ts', new TextEncoder().encode('const x: number = 1'))
    const job = parseJob([
      { name: 'a', exec: { source: 'console.log(1)' } },
      { name: 'b', exec: { source: btoa(String.fromCharCode(...core)), encoding: 'base64' } },
      { name: 'c', exec: { path: 'swift://~/apps/c.wasm' } },
      { name: 'd', exec: { path: 'swift://me/apps/m.nexe' } },
      { name: 'e', exec: { path: 'swift://./apps/t.ts' } },
    ])
    const got = await Promise.all(job.groups.map((g, i) => loadProgram(g, i, store, 'me')))
    expect(got.map((p) => [p.image, p.lang])).toEqual([
      ['js', 'js'],
      ['wasm', undefined],
      ['component', undefined],
      ['wasm', undefined],
      ['js', 'ts'],
    ])
    expect(got[0]!.hash).toBe(md5Hex('console.log(1)'))
    expect(got[1]!.code).toEqual(core)
    const sys = parseJob([{ name: 'p', exec: { path: 'file://python2.7:python' } }])
    await expect(loadProgram(sys.groups[0]!, 0, store, 'me')).rejects.toThrow(
      'groups[0].exec.path: no system image "python2.7" here; Python 3.11 is file://python:python',
    )
  })

  it('reads file://python:python as the python interpreter, with the python device required', async () => {
    const store = new MemoryStore()
    const py = parseJob([
      {
        name: 'p',
        exec: { path: 'file://python:python', args: '-c print(1)' },
        devices: [{ name: 'python' }],
      },
      { name: 'q', exec: { path: 'file://python:python' } },
      { name: 'r', exec: { path: 'file://python:perl' }, devices: [{ name: 'python' }] },
      { name: 's', exec: { path: 'swift://me/apps/job.py' } },
    ])
    await putObject(store, 'me/apps/job.py', new TextEncoder().encode('print(2)'))
    const p = await loadProgram(py.groups[0]!, 0, store, 'me')
    expect([p.image, p.code, p.interpreter]).toEqual(['python', '', true])
    await expect(loadProgram(py.groups[1]!, 1, store, 'me')).rejects.toThrow(
      'groups[1].exec.path: file://python:… needs the device {"name": "python"} (as ZeroCloud did)',
    )
    await expect(loadProgram(py.groups[2]!, 2, store, 'me')).rejects.toThrow(
      'system image "python" has no program "perl"',
    )
    const s = await loadProgram(py.groups[3]!, 3, store, 'me')
    expect([s.image, s.code, s.interpreter]).toEqual(['python', 'print(2)', undefined])
  })
})

describe('program hash', () => {
  it("takes the store's ETag for stored programs and hashes inline sources", async () => {
    const store = new MemoryStore()
    const js = new TextEncoder().encode('console.log(2)')
    await putObject(store, 'me/apps/p.js', js)
    await putObject(store, 'me/apps/p.wasm', core)
    // The same store, answering with a recognisable ETag: only a lookup can return it.
    const TAG = 'ABCDEF0123456789ABCDEF0123456789'
    const tagged: MemoryStore = Object.create(store)
    tagged.open = async (a, c, o) => {
      const r = await store.open(a, c, o)
      return r && { read: r.read, close: r.close, info: { ...r.info, etag: TAG } }
    }
    const job = parseJob([
      { name: 'a', exec: { path: 'swift://~/apps/p.js' } },
      { name: 'b', exec: { path: 'swift://~/apps/p.wasm' } },
      { name: 'c', exec: { source: 'console.log(2)' } },
      { name: 'd', exec: { source: btoa(String.fromCharCode(...core)), encoding: 'base64' } },
    ])
    const load = (s: MemoryStore) =>
      Promise.all(job.groups.map((g, i) => loadProgram(g, i, s, 'me')))
    const real = await load(store)
    expect(real.map((p) => p.hash)).toEqual([md5Hex(js), md5Hex(core), md5Hex(js), md5Hex(core)])
    const viaTag = await load(tagged)
    expect(viaTag.map((p) => p.hash)).toEqual([
      TAG.toLowerCase(),
      TAG.toLowerCase(),
      md5Hex(js),
      md5Hex(core),
    ])
    expect(viaTag[0]!.code).toBe('console.log(2)')
  })
})

describe('jobEventStream', () => {
  it('turns the callback into an async iterator that ends', async () => {
    const s = jobEventStream()
    s.push({ type: 'instance-started', id: 1, name: 'a' })
    setTimeout(() => {
      s.push({ type: 'instance-started', id: 2, name: 'b' })
      s.end()
    }, 5)
    const names: string[] = []
    for await (const e of s.events) if (e.type === 'instance-started') names.push(e.name)
    expect(names).toEqual(['a', 'b'])
  })
})
