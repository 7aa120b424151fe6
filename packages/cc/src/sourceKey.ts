import type { CompileRequest } from '@zerolab/shared'
import { CLANG_PACKAGE_VERSION, clangCommand } from './flags.ts'
import { ZEROLAB_H } from './zerolabHeader.ts'

/**
 * The cache key of a compile: hex SHA-256 over everything that decides the module (compiler
 * release, command line, <zerolab.h>, language and source), so a change to any of them misses.
 */
export async function sourceKey(req: CompileRequest): Promise<string> {
  const text = JSON.stringify([
    CLANG_PACKAGE_VERSION,
    clangCommand(req.lang),
    ZEROLAB_H,
    req.source,
  ])
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}
