import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { SANDBOX_API_DTS } from './sandboxApiTypes.ts'

const libs = new Map<string, ts.SourceFile | undefined>()

/** Type-checks a guest script against the declarations alone (ES2023 lib, no DOM). */
function diagnostics(guest: string): string[] {
  const files: Record<string, string> = { '/api.d.ts': SANDBOX_API_DTS, '/main.ts': guest }
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts'],
    types: [],
  }
  const host = ts.createCompilerHost(options)
  const readFile = host.readFile.bind(host)
  const getSourceFile = host.getSourceFile.bind(host)
  host.readFile = (f) => files[f] ?? readFile(f)
  host.fileExists = (f) => f in files || ts.sys.fileExists(f)
  host.getSourceFile = (f, v) => {
    if (f in files) return ts.createSourceFile(f, files[f]!, v)
    if (!libs.has(f)) libs.set(f, getSourceFile(f, v))
    return libs.get(f)
  }
  const program = ts.createProgram(['/api.d.ts', '/main.ts'], options, host)
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
}

describe('SANDBOX_API_DTS', () => {
  it('types a guest program that uses the whole API', () => {
    const guest = `
      const text: string = zerolab.read('stdin') + zerolab.name + zerolab.args[0] + zerolab.env.X
      const bytes: Uint8Array = zerolab.readBytes('/dev/input')
      const chunk: Uint8Array = zerolab.readChunk('input', 1 << 20).subarray(0, zerolab.readChunk('in/a').length)
      for (const line of zerolab.lines('stdin')) console.log(line.toUpperCase(), chunk.length)
      for (const peer of zerolab.list('in')) zerolab.write('out/' + peer, bytes.subarray(1))
      zerolab.write('stdout', text)
      try { zerolab.write('stdout', new ArrayBuffer(1)) } catch (e) { if (e instanceof QuotaError) console.error(e.message) }
      setTimeout(() => console.log('later'), 5)
      queueMicrotask(() => console.info(1, { a: 2 }))
      const code: never = zerolab.exit(0)`
    expect(diagnostics(guest)).toEqual([])
  })

  it('rejects misuse', () => {
    const errors = diagnostics(`zerolab.read(1); zerolab.name = 'x'; zerolab.nope()`)
    expect(errors).toHaveLength(3)
  })
})
