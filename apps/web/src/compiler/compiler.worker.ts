// The C/C++ compiler's Web Worker: clang (@yowasp/clang) loads here on the first compile, its
// resources from Cache Storage after the first visit.
import { CLANG_PACKAGE_VERSION, type FromCompiler, type ToCompiler } from '@zerolab/cc'
import { serveCompiler } from '@zerolab/cc/compiler'
import { selfEndpoint } from '@zerolab/runtime/web'
import { cachingFetch } from './resourceCache.ts'

// @yowasp/clang captures `fetch` when it loads (on the first compile), so this comes first.
globalThis.fetch = cachingFetch(globalThis.fetch.bind(globalThis), CLANG_PACKAGE_VERSION)
serveCompiler(selfEndpoint<FromCompiler, ToCompiler>())
