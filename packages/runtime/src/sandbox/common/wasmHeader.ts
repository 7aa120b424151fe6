/** `wasm` for a core module, `component` for a component, undefined for anything else. */
export function wasmKind(bytes: Uint8Array): 'wasm' | 'component' | undefined {
  if (
    bytes.length < 8 ||
    bytes[0] !== 0 ||
    bytes[1] !== 0x61 ||
    bytes[2] !== 0x73 ||
    bytes[3] !== 0x6d
  ) {
    return undefined
  }
  // Core modules have version 1 (01 00) and layer 0; components have layer 1 (bytes 6-7 = 01 00).
  return bytes[6] === 1 && bytes[7] === 0 ? 'component' : 'wasm'
}
