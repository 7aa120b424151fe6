import type * as Exit from '@bytecodealliance/preview2-shim/interfaces/wasi-cli-exit'
import type * as WallClock from '@bytecodealliance/preview2-shim/interfaces/wasi-clocks-wall-clock'
import { Descriptor, DirectoryEntryStream, devPreopen, filesystemErrorCode } from './filesystem.ts'
import { InputStream, IoError, OutputStream, Pollable, poll } from './io.ts'
import { ExitSignal } from './signals.ts'
import { MONOTONIC_STEP_NS, type ComponentState } from './state.ts'

class TerminalInput {}
class TerminalOutput {}

function u64(state: ComponentState): bigint {
  return (BigInt(state.prng.nextU32()) << 32n) | BigInt(state.prng.nextU32())
}

function randomBytes(state: ComponentState, len: bigint): Uint8Array {
  state.tick()
  const out = new Uint8Array(Number(len))
  state.prng.fill(out)
  return out
}

/**
 * The complete import object a transpiled `wasi:cli/command` component gets, keyed by
 * interface name without version (jco's instantiation mode). Nothing else is reachable.
 */
export function wasiImports(state: ComponentState): Record<string, Record<string, unknown>> {
  const { spec, table } = state
  const args = [spec.argv0 ?? spec.name, ...spec.args]
  const env = Object.entries(spec.env)
  const epoch: WallClock.Datetime = {
    seconds: BigInt(Math.floor(spec.epochMs / 1000)),
    nanoseconds: (spec.epochMs % 1000) * 1e6,
  }
  const now = (): bigint => {
    state.tick()
    state.monotonicNs += MONOTONIC_STEP_NS
    return state.monotonicNs
  }
  return {
    'wasi:cli/environment': {
      getEnvironment: () => env.map(([k, v]) => [k, v]),
      getArguments: () => [...args],
      initialCwd: () => undefined,
    },
    'wasi:cli/exit': {
      exit: (status: Exit.Result<void, void>) => {
        throw new ExitSignal(status.tag === 'ok' ? 0 : 1)
      },
      exitWithCode: (code: number) => {
        throw new ExitSignal(code)
      },
    },
    'wasi:cli/stdin': { getStdin: () => new InputStream(state, table.get('/dev/stdin')) },
    'wasi:cli/stdout': { getStdout: () => new OutputStream(state, table.get('/dev/stdout')) },
    'wasi:cli/stderr': { getStderr: () => new OutputStream(state, table.get('/dev/stderr')) },
    'wasi:cli/terminal-input': { TerminalInput },
    'wasi:cli/terminal-output': { TerminalOutput },
    'wasi:cli/terminal-stdin': { getTerminalStdin: () => undefined },
    'wasi:cli/terminal-stdout': { getTerminalStdout: () => undefined },
    'wasi:cli/terminal-stderr': { getTerminalStderr: () => undefined },
    'wasi:io/error': { Error: IoError },
    'wasi:io/poll': { Pollable, poll },
    'wasi:io/streams': { InputStream, OutputStream },
    'wasi:filesystem/types': { Descriptor, DirectoryEntryStream, filesystemErrorCode },
    'wasi:filesystem/preopens': { getDirectories: () => [[devPreopen(state), '/dev']] },
    'wasi:clocks/wall-clock': {
      now: () => {
        state.tick()
        return { ...epoch }
      },
      resolution: () => ({ seconds: 0n, nanoseconds: 1000 }),
    },
    'wasi:clocks/monotonic-clock': {
      now,
      resolution: () => MONOTONIC_STEP_NS,
      subscribeInstant: (when: bigint) => new Pollable(state, when),
      subscribeDuration: (d: bigint) => new Pollable(state, now() + d),
    },
    'wasi:random/random': {
      getRandomBytes: (len: bigint) => randomBytes(state, len),
      getRandomU64: () => u64(state),
    },
    'wasi:random/insecure': {
      getInsecureRandomBytes: (len: bigint) => randomBytes(state, len),
      getInsecureRandomU64: () => u64(state),
    },
    'wasi:random/insecure-seed': { insecureSeed: () => [u64(state), u64(state)] },
  }
}

/** Interfaces (without version) a component may import: exactly the keys above. */
export const ALLOWED_IMPORTS: ReadonlySet<string> = new Set([
  'wasi:cli/environment',
  'wasi:cli/exit',
  'wasi:cli/stdin',
  'wasi:cli/stdout',
  'wasi:cli/stderr',
  'wasi:cli/terminal-input',
  'wasi:cli/terminal-output',
  'wasi:cli/terminal-stdin',
  'wasi:cli/terminal-stdout',
  'wasi:cli/terminal-stderr',
  'wasi:io/error',
  'wasi:io/poll',
  'wasi:io/streams',
  'wasi:filesystem/types',
  'wasi:filesystem/preopens',
  'wasi:clocks/wall-clock',
  'wasi:clocks/monotonic-clock',
  'wasi:random/random',
  'wasi:random/insecure',
  'wasi:random/insecure-seed',
])
