import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.ts'
import { makeConfig } from '../src/config.ts'
import { silentLogger } from '../src/log.ts'
import { openDeps } from '../src/openDeps.ts'
import { serveCommand } from '../src/serve.ts'

const dirs: string[] = []
const tmp = (p: string): string => {
  const d = mkdtempSync(join(tmpdir(), p))
  dirs.push(d)
  return d
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

describe('createApp', () => {
  it('serves the built web app at / with SPA fallback, leaving API paths alone', async () => {
    const web = tmp('zerolab-web-')
    mkdirSync(join(web, 'assets'))
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>ZeroLab</title>')
    writeFileSync(join(web, 'assets', 'app.js'), 'console.log(1)')
    const deps = openDeps(makeConfig({ dataDir: tmp('zerolab-data-'), webDist: web }), {
      log: silentLogger,
      users: undefined,
    })
    const app = createApp(deps)
    const root = await app.request('/')
    expect(root.status).toBe(200)
    expect(await root.text()).toContain('<title>ZeroLab</title>')
    const asset = await app.request('/assets/app.js')
    expect(asset.status).toBe(200)
    expect(await asset.text()).toBe('console.log(1)')
    expect(asset.headers.get('cache-control')).toContain('immutable')
    writeFileSync(join(web, 'assets', 'big.js'), 'x'.repeat(50_000))
    writeFileSync(join(web, 'assets', 'big.js.gz'), gzipSync('x'.repeat(50_000)))
    const gz = await app.request('/assets/big.js', { headers: { 'Accept-Encoding': 'gzip' } })
    expect(gz.headers.get('content-encoding')).toBe('gzip')
    expect(gunzipSync(new Uint8Array(await gz.arrayBuffer())).toString()).toBe('x'.repeat(50_000))
    const deep = await app.request('/designer/job-1')
    expect(deep.status).toBe(200)
    expect(await deep.text()).toContain('ZeroLab')
    const v1 = await app.request('/v1/AUTH_admin')
    expect(v1.status).toBe(401)
    await deps.close()
  })

  it('makes the web app cross-origin isolated and leaves user content sandboxed', async () => {
    const web = tmp('zerolab-web-')
    mkdirSync(join(web, 'assets'))
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>ZeroLab</title>')
    writeFileSync(join(web, 'assets', 'runtime.worker.js'), 'postMessage(1)')
    const deps = openDeps(makeConfig({ dataDir: tmp('zerolab-data-'), webDist: web }), {
      log: silentLogger,
      users: undefined,
    })
    const app = createApp(deps)
    for (const path of ['/', '/designer/job-1', '/assets/runtime.worker.js']) {
      const r = await app.request(path)
      expect(r.status, path).toBe(200)
      expect(r.headers.get('cross-origin-opener-policy'), path).toBe('same-origin')
      expect(r.headers.get('cross-origin-embedder-policy'), path).toBe('require-corp')
      expect(r.headers.get('content-security-policy'), path).toBeNull()
    }
    for (const path of ['/v1/AUTH_admin', '/api/health', '/metrics']) {
      const r = await app.request(path)
      expect(r.headers.get('content-security-policy'), path).toBe("sandbox; default-src 'none'")
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff')
    }
    await deps.close()
  })

  it('answers errors with a stable code: text on Swift paths, JSON elsewhere', async () => {
    const deps = openDeps(makeConfig({ dataDir: tmp('zerolab-data-') }), {
      log: silentLogger,
      users: undefined,
    })
    const app = createApp(deps)
    const swift = await app.request('/v1/AUTH_admin/c')
    expect(swift.status).toBe(401)
    // swob's default type for error bodies
    expect(swift.headers.get('content-type')).toBe('text/html; charset=UTF-8')
    expect(swift.headers.get('x-error-code')).toBe('UNAUTHORIZED')
    const other = await app.request('/no/such/page')
    expect(other.status).toBe(404)
    expect(other.headers.get('x-error-code')).toBe('NOT_FOUND')
    expect(await other.json()).toMatchObject({ error: { code: 'NOT_FOUND' } })
    const head = await app.request('/v1/AUTH_admin/c', { method: 'HEAD' })
    expect(head.status).toBe(401)
    expect(await head.text()).toBe('')
    await deps.close()
  })
})

describe('CORS', () => {
  it('answers preflights and exposes the Swift and ZeroCloud headers to any origin', async () => {
    const deps = openDeps(makeConfig({ dataDir: tmp('zerolab-data-') }), {
      log: silentLogger,
      users: undefined,
    })
    const app = createApp(deps)
    const pre = await app.request('/v1/AUTH_admin/c/o', {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:5173',
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'x-auth-token, x-object-meta-color',
      },
    })
    // Swift's OPTIONS: 200, the origin echoed when the server-wide cors_allow_origin is '*'
    expect(pre.status).toBe(200)
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    expect(pre.headers.get('access-control-allow-methods')).toContain('COPY')
    expect(pre.headers.get('access-control-allow-headers')).toContain('x-object-meta-color')
    const auth = await app.request('/auth/v1.0', {
      headers: {
        Origin: 'http://localhost:5173',
        'X-Auth-User': 'admin:admin',
        'X-Auth-Key': 'admin',
      },
    })
    expect(auth.headers.get('access-control-expose-headers')).toContain('X-Auth-Token')
    expect(auth.headers.get('access-control-expose-headers')).toContain('X-Nexe-Cdr-Line')
    await deps.close()
  })
})

describe('serveCommand', () => {
  it('listens, tells the default user, and serves the Swift API', async () => {
    const data = tmp('zerolab-serve-')
    const lines: string[] = []
    const orig = console.log
    console.log = (...a: unknown[]) => void lines.push(a.join(' '))
    const saved = process.env.ZEROLAB_USERS
    delete process.env.ZEROLAB_USERS
    let running: Awaited<ReturnType<typeof serveCommand>>
    try {
      running = await serveCommand(['--port', '0', '--data', data])
    } finally {
      console.log = orig
      if (saved !== undefined) process.env.ZEROLAB_USERS = saved
    }
    try {
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(lines.join('\n')).toMatch(/admin:admin with key admin \(account AUTH_admin\)/)
      const r = await fetch(`${running.url}/auth/v1.0`, {
        headers: { 'X-Auth-User': 'admin:admin', 'X-Auth-Key': 'admin' },
      })
      expect(r.status).toBe(200)
      expect(r.headers.get('x-storage-url')).toBe(`${running.url}/v1/AUTH_admin`)
    } finally {
      await running.close()
    }
    await expect(serveCommand(['--port', 'x'])).rejects.toThrow(/bad --port/)
  })
})
