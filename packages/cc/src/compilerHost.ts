import { ZeroLabError, type CompileRequest } from '@zerolab/shared'
import type { Endpoint } from '@zerolab/runtime'
import type { CompileOutput, CompilerProgress, FromCompiler, ToCompiler } from './protocol.ts'

export type CompilerEndpoint = Endpoint<ToCompiler, FromCompiler>

export interface CompilerHostOptions {
  /** Creates the compiler worker (the app owns the platform's Worker constructor). */
  spawn: () => CompilerEndpoint
  /** Longest one compile may take once the compiler is loaded; the worker is then replaced. */
  timeoutMs: number
  /** Requests waiting behind the running one; more are refused (UNAVAILABLE). */
  maxQueued: number
  onProgress?: (p: CompilerProgress) => void
}

export interface CompilerHost {
  /** One compile in the worker. Rejects only when the compiler cannot run (UNAVAILABLE, CANCELLED). */
  run(req: CompileRequest, o?: { signal?: AbortSignal }): Promise<CompileOutput>
  /** Starts the worker and loads the compiler's resources ahead of the first compile. */
  warm(): void
  close(): void
}

interface Pending {
  id: number
  req: CompileRequest
  resolve: (o: CompileOutput) => void
  reject: (e: Error) => void
  signal?: AbortSignal
}

const failedOutput = (message: string): CompileOutput => ({
  ok: false,
  diagnostics: [{ severity: 'error', line: 0, column: 0, message }],
  log: `${message}\n`,
  ms: 0,
})

/**
 * One compiler worker, compiles in arrival order. A compile past `timeoutMs` (counted from the
 * moment clang starts, not from the download of its resources) or one whose worker dies ends as
 * a failed compile saying why, and the worker is replaced for the next request.
 */
export function createCompilerHost(o: CompilerHostOptions): CompilerHost {
  let ep: CompilerEndpoint | undefined
  let unsubscribe: (() => void) | undefined
  let current: Pending | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  const queue: Pending[] = []
  let nextId = 1
  let closed = false

  const stop = (): void => {
    unsubscribe?.()
    ep?.terminate()
    ep = undefined
    unsubscribe = undefined
  }
  const settle = (out: CompileOutput | Error): void => {
    const p = current
    current = undefined
    clearTimeout(timer)
    if (p) {
      if (out instanceof Error) p.reject(out)
      else p.resolve(out)
    }
    pump()
  }
  const worker = (): CompilerEndpoint => {
    if (ep) return ep
    const e = o.spawn()
    unsubscribe = e.on(
      (msg) => {
        if (msg.type === 'progress') return o.onProgress?.(msg)
        if (!current || msg.id !== current.id) return
        if (msg.type === 'started') {
          timer = setTimeout(() => {
            stop()
            settle(failedOutput(`the compile took longer than ${o.timeoutMs} ms and was stopped`))
          }, o.timeoutMs)
        } else if (msg.type === 'compiled') settle(msg.output)
        else
          settle(new ZeroLabError('UNAVAILABLE', `the C compiler cannot run: ${msg.error.message}`))
      },
      (reason) => {
        stop()
        if (current) settle(failedOutput(`the compiler stopped: ${reason}`))
      },
    )
    ep = e
    return e
  }
  const pump = (): void => {
    while (!current && queue.length) {
      const p = queue.shift()!
      if (p.signal?.aborted) {
        p.reject(new ZeroLabError('CANCELLED', 'compile cancelled'))
        continue
      }
      current = p
      try {
        worker().post({ type: 'compile', id: p.id, lang: p.req.lang, source: p.req.source })
      } catch (e) {
        stop()
        settle(new ZeroLabError('UNAVAILABLE', `the C compiler cannot start: ${String(e)}`))
      }
    }
  }
  return {
    run(req, opts = {}) {
      if (closed) return Promise.reject(new ZeroLabError('UNAVAILABLE', 'the compiler is closed'))
      if (queue.length >= o.maxQueued) {
        return Promise.reject(
          new ZeroLabError(
            'UNAVAILABLE',
            `the compiler is busy (${queue.length} compiles waiting)`,
          ),
        )
      }
      return new Promise((resolve, reject) => {
        const p: Pending = { id: nextId++, req, resolve, reject }
        if (opts.signal) p.signal = opts.signal
        queue.push(p)
        pump()
      })
    },
    warm() {
      if (!closed) worker().post({ type: 'warm' })
    },
    close() {
      closed = true
      stop()
      for (const p of queue.splice(0)) p.reject(new ZeroLabError('CANCELLED', 'compiler closed'))
      if (current) settle(new ZeroLabError('CANCELLED', 'compiler closed'))
    },
  }
}
