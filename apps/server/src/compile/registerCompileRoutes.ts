import {
  COMPILED_LANGS,
  JOB_CAPS,
  ZeroLabError,
  isCompiledLang,
  type CompileResult,
} from '@zerolab/shared'
import { SOURCE_FILE } from '@zerolab/cc'
import type { Context, Hono } from 'hono'
import type { AppDeps } from '../appDeps.ts'
import { requirePrincipal } from '../http/apiPrincipal.ts'
import { busyResponse } from '../http/busyResponse.ts'
import { parseJsonBody, readBody } from '../http/readBody.ts'

/** JSON escaping can make a source up to six times longer on the wire (\u00XX). */
const MAX_BODY_BYTES = 6 * JOB_CAPS.maxCompiledSourceBytes + 1024

function parseRequest(doc: unknown): { lang: 'c' | 'cpp'; source: string } {
  const o = (typeof doc === 'object' && doc !== null ? doc : {}) as Record<string, unknown>
  if (!isCompiledLang(o.lang)) {
    throw new ZeroLabError('INVALID_REQUEST', `lang: one of ${COMPILED_LANGS.join(', ')}`, 'lang')
  }
  if (typeof o.source !== 'string') {
    throw new ZeroLabError('INVALID_REQUEST', 'source: the program text, a string', 'source')
  }
  return { lang: o.lang, source: o.source }
}

/** The first error as `stage.c:4:18: use of undeclared identifier 'x'`. */
function failure(r: CompileResult, file: string): string {
  const d = r.diagnostics.find((x) => x.severity === 'error') ?? r.diagnostics[0]
  if (!d) return 'compile failed'
  return d.line > 0 && !d.file ? `${file}:${d.line}:${d.column}: ${d.message}` : d.message
}

function compiled(c: Context, r: Extract<CompileResult, { ok: true }>): Response {
  const meta = { hash: r.hash, key: r.key, cached: r.cached, ms: Math.round(r.ms) }
  if (c.req.header('accept')?.includes('application/wasm')) {
    return new Response(r.wasm as Uint8Array<ArrayBuffer>, {
      headers: {
        'Content-Type': 'application/wasm',
        ETag: `"${r.hash}"`,
        'X-Compile-Key': r.key,
        'X-Compile-Cached': String(r.cached),
        'X-Compile-Warnings': String(r.diagnostics.length),
      },
    })
  }
  const wasm = Buffer.from(r.wasm.buffer, r.wasm.byteOffset, r.wasm.byteLength).toString('base64')
  return c.json({ ...meta, bytes: r.wasm.length, diagnostics: r.diagnostics, log: r.log, wasm })
}

/**
 * `POST /api/compile {lang, source}`: the server's compiler as a service, the same one C/C++
 * stages of cluster runs use (same clang, flags and cache). 200 with the module (JSON with base64
 * `wasm`, or the raw module for `Accept: application/wasm`); 422 COMPILE_FAILED with the
 * compiler's diagnostics and log; 422 LIMIT_EXCEEDED for a source over the cap (413 for a body
 * far over it); 503 when the compiler is busy.
 */
export function registerCompileRoutes(app: Hono, deps: AppDeps): void {
  app.post('/api/compile', async (c) => {
    requirePrincipal(c, deps.auth)
    const req = parseRequest(
      await parseJsonBody(await readBody(c.req.raw, MAX_BODY_BYTES), 'request'),
    )
    let r: CompileResult
    try {
      r = await deps.compiler.compile(req, { signal: c.req.raw.signal })
    } catch (e) {
      return busyResponse(c, deps.metrics, e)
    }
    if (r.ok) return compiled(c, r)
    const error = {
      code: 'COMPILE_FAILED',
      message: failure(r, SOURCE_FILE[req.lang]),
      path: 'source',
    }
    return c.json({ error, diagnostics: r.diagnostics, log: r.log }, 422, {
      'X-Error-Code': 'COMPILE_FAILED',
      'X-Error-Path': 'source',
    })
  })
}
