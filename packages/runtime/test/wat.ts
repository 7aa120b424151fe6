import wabtInit from 'wabt'

let wabt: Awaited<ReturnType<typeof wabtInit>> | undefined

/** Compiles WebAssembly text to a binary module with wabt. */
export async function wat(source: string): Promise<Uint8Array> {
  wabt ??= await wabtInit()
  const mod = wabt.parseWat('fixture.wat', source)
  try {
    return new Uint8Array(mod.toBinary({}).buffer)
  } finally {
    mod.destroy()
  }
}
