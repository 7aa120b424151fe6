import { workerData } from 'node:worker_threads'
import { capMemory } from '@zerolab/runtime'
import { parentPortEndpoint } from '@zerolab/runtime/node'
import { serveCompiler } from '../compiler.ts'
import type { FromCompiler, ToCompiler } from '../protocol.ts'

const PAGE = 65536
const { memoryBytes } = workerData as { memoryBytes: number }

// clang's module defines a 4 GiB memory; capping it makes a runaway compile fail inside the
// compiler (allocation failure → trap → a failed compile) instead of taking the host's memory.
// @yowasp/clang compiles its modules with compileStreaming, so that is where the cap goes.
const compile = WebAssembly.compile
WebAssembly.compileStreaming = async (source) => {
  const bytes = new Uint8Array(await (await source).arrayBuffer())
  return compile(capMemory(bytes, Math.floor(memoryBytes / PAGE)).bytes as Uint8Array<ArrayBuffer>)
}

serveCompiler(parentPortEndpoint<FromCompiler, ToCompiler>())
