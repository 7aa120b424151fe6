import type { CompiledLang } from '@zerolab/shared'

/** The exact @yowasp/clang release: browser, server and CLI must compile with the same one. */
export const CLANG_PACKAGE_VERSION = '22.0.0-git20542-10'

/** File names inside the compiler's virtual file system. */
export const SOURCE_FILE: Record<CompiledLang, string> = { c: 'stage.c', cpp: 'stage.cpp' }
export const OUTPUT_FILE = 'stage.wasm'
/** Where <zerolab.h> lives (an -isystem folder, relative to the compiler's working folder `/`). */
export const INCLUDE_DIR = 'zerolab/include'

/** Guest stack: wasm-ld's 64 KiB default overflows on ordinary local arrays. */
const STACK_BYTES = 1024 * 1024

/**
 * Every flag is fixed, so one source gives one module everywhere. The clock macros are pinned
 * to the default job epoch (2009-11-10 23:00 UTC): the compiler would otherwise read the host's
 * clock into __DATE__ and __TIME__.
 */
const COMMON = [
  '--target=wasm32-wasip1',
  '-O2',
  '-Wall',
  '-ferror-limit=20',
  '-fno-color-diagnostics',
  '-isystem',
  INCLUDE_DIR,
  '-Wno-builtin-macro-redefined',
  '-D__DATE__="Nov 10 2009"',
  '-D__TIME__="23:00:00"',
  '-D__TIMESTAMP__="Tue Nov 10 23:00:00 2009"',
  `-Wl,-z,stack-size=${STACK_BYTES}`,
]

const BY_LANG: Record<CompiledLang, { command: 'clang' | 'clang++'; flags: string[] }> = {
  c: { command: 'clang', flags: ['-std=gnu17'] },
  // wasm32-wasip1 has no exception handling: throw is a compile error, new fails by aborting.
  cpp: { command: 'clang++', flags: ['-std=gnu++20', '-fno-exceptions'] },
}

/** The clang command and its arguments for one language. */
export function clangCommand(lang: CompiledLang): { command: 'clang' | 'clang++'; args: string[] } {
  const { command, flags } = BY_LANG[lang]
  return { command, args: [...COMMON, ...flags, '-o', OUTPUT_FILE, SOURCE_FILE[lang]] }
}
