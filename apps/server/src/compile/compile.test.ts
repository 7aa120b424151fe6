import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { JOB_CAPS } from '@zerolab/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openHarness, type Harness } from '../../test/harness.ts'

const md5 = (b: Uint8Array): string => createHash('md5').update(b).digest('hex')

let h: Harness
beforeAll(async () => {
  h = await openHarness({ exec: { poolSize: 2 } })
  await h.put(h.admin.who, 'text', { 'a.txt': 'one two three\n', 'b.txt': 'four five\n' })
})
afterAll(() => h?.close())

const WC = String.raw`#include <zerolab.h>

int main(void) {
  size_t len = 0;
  char *text = zl_read("stdin", &len);
  if (!text) return 1;
  size_t words = 0;
  for (size_t i = 0; i < len; i++)
    if (text[i] != ' ' && text[i] != '\n' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\n'))
      words++;
  printf("%zu %s\n", words, zl_object("?"));
  return 0;
}
`

function post(body: unknown, headers: Record<string, string> = {}, token = h.admin.token) {
  return h.app.request('/api/compile', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Auth-Token': token, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

interface Compiled {
  hash: string
  key: string
  cached: boolean
  bytes: number
  diagnostics: unknown[]
  wasm: string
}

describe('POST /api/compile', { timeout: 600_000 }, () => {
  it('compiles C, caches the module on disk by source hash, answers the next from the cache', async () => {
    const res = await post({ lang: 'c', source: WC })
    expect(res.status).toBe(200)
    const first = (await res.json()) as Compiled
    const wasm = new Uint8Array(Buffer.from(first.wasm, 'base64'))
    expect(first).toMatchObject({ cached: false, bytes: wasm.length, diagnostics: [] })
    expect(md5(wasm)).toBe(first.hash)
    expect(existsSync(join(h.dir, 'modules', `${first.key}.wasm`))).toBe(true)
    const again = (await (await post({ lang: 'c', source: WC })).json()) as Compiled
    expect(again).toMatchObject({ cached: true, hash: first.hash, key: first.key })
    const raw = await post({ lang: 'c', source: WC }, { Accept: 'application/wasm' })
    expect(raw.headers.get('content-type')).toBe('application/wasm')
    expect(raw.headers.get('etag')).toBe(`"${first.hash}"`)
    expect(md5(new Uint8Array(await raw.arrayBuffer()))).toBe(first.hash)
  })

  it('answers a source that does not compile with 422 and the error at its line', async () => {
    const res = await post({ lang: 'cpp', source: 'int main() {\n  int x = ;\n}\n' })
    expect(res.status).toBe(422)
    expect(res.headers.get('x-error-code')).toBe('COMPILE_FAILED')
    const body = (await res.json()) as {
      error: { code: string; message: string; path: string }
      diagnostics: { line: number; column: number; severity: string }[]
      log: string
    }
    expect(body.error).toEqual({
      code: 'COMPILE_FAILED',
      message: 'stage.cpp:2:11: expected expression',
      path: 'source',
    })
    expect(body.diagnostics[0]).toMatchObject({ severity: 'error', line: 2, column: 11 })
    expect(body.log).toContain('stage.cpp:2:11: error: expected expression')
  })

  it('checks the request before compiling anything', async () => {
    expect((await post({ lang: 'c', source: WC }, {}, 'nope')).status).toBe(401)
    const badLang = await post({ lang: 'rust', source: 'fn main() {}' })
    expect(badLang.status).toBe(400)
    expect(await badLang.json()).toMatchObject({ error: { code: 'INVALID_REQUEST', path: 'lang' } })
    const noSource = await post({ lang: 'c' })
    expect(await noSource.json()).toMatchObject({
      error: { code: 'INVALID_REQUEST', path: 'source' },
    })
    const cap = JOB_CAPS.maxCompiledSourceBytes
    const big = await post({ lang: 'c', source: 'x'.repeat(cap + 1) })
    expect(big.status).toBe(422)
    expect(await big.json()).toMatchObject({
      error: { code: 'LIMIT_EXCEEDED', path: 'source', limit: { cap, asked: cap + 1 } },
    })
    const huge = await post(`{"lang":"c","source":"${'x'.repeat(7 * cap)}"}`)
    expect(huge.status).toBe(413)
  })
})

describe('C stages in cluster runs', { timeout: 600_000 }, () => {
  const job = (source: string) => [
    {
      name: 'wc',
      exec: { lang: 'c', source },
      devices: [{ name: 'stdin', path: 'swift://~/text/*.txt' }, { name: 'stdout' }],
    },
  ]

  it('compiles inline C for ZeroCloud execution, with the module the compile service gives', async () => {
    const res = await h.app.request('/v1/AUTH_admin', {
      method: 'POST',
      headers: {
        'X-Zerovm-Execute': '1.0',
        'Content-Type': 'application/json',
        'X-Auth-Token': h.admin.token,
      },
      body: JSON.stringify(job(WC)),
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('X-Nexe-Status')).toBe('ok,ok')
    expect(await res.text()).toBe('3 text/a.txt\n2 text/b.txt\n')
  })

  it('ends the instances of a stage that does not compile `invalid` with the line', async () => {
    const submit = await h.app.request('/api/jobs', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Auth-Token': h.admin.token },
      body: JSON.stringify(job('int main(void) {\n  return undefined_thing;\n}\n')),
    })
    expect(submit.status).toBe(202)
    const { id } = (await submit.json()) as { id: string }
    let view: { status: string; report?: { report: { instances: unknown[]; programs: unknown[] } } }
    for (;;) {
      const r = await h.app.request(`/api/jobs/${id}`, {
        headers: { 'X-Auth-Token': h.admin.token },
      })
      view = (await r.json()) as typeof view
      if (view.status !== 'queued' && view.status !== 'running') break
      await new Promise((ok) => setTimeout(ok, 50))
    }
    expect(view.status).toBe('failed')
    expect(JSON.stringify(view)).toContain(
      "compile failed: line 2: use of undeclared identifier 'undefined_thing'",
    )
  })
})
