import { toZeroLabError } from '@zerolab/shared'
import type { WorkerEndpoint } from '@zerolab/runtime'
import { compileSource, loadCompiler } from './compileSource.ts'
import type { FromCompiler, ToCompiler } from './protocol.ts'

/**
 * The compiler worker's message loop: one compile at a time, in arrival order (clang runs
 * synchronously inside its Wasm instance, so a second one could not overlap anyway).
 */
export function serveCompiler(
  ep: WorkerEndpoint<FromCompiler, ToCompiler>,
  compile: typeof compileSource = compileSource,
): void {
  let chain: Promise<void> = Promise.resolve()
  const onProgress = (p: { loaded: number; total: number }): void =>
    ep.post({ type: 'progress', ...p })
  ep.on((msg) => {
    if (msg.type === 'warm') {
      // A failure here shows again, with its reason, on the next compile.
      chain = chain.then(() =>
        loadCompiler(onProgress).then(
          () => undefined,
          () => undefined,
        ),
      )
      return
    }
    const { id, lang, source } = msg
    chain = chain.then(async () => {
      try {
        const output = await compile(
          { lang, source },
          { onProgress, onStart: () => ep.post({ type: 'started', id }) },
        )
        ep.post({ type: 'compiled', id, output }, output.wasm ? [output.wasm.buffer] : [])
      } catch (e) {
        ep.post({ type: 'failed', id, error: toZeroLabError(e).toWire() })
      }
    })
  })
}
