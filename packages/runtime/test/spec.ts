import {
  DEFAULT_EPOCH_MS,
  DEFAULT_LIMITS,
  type ChannelSpec,
  type ImageKind,
  type InstanceLimits,
  type InstanceSpec,
} from '@zerolab/shared'
import { md5Hex } from '../src/sandbox/common/md5.ts'

export interface SpecInput {
  code: Uint8Array | string
  image?: ImageKind
  lang?: 'js' | 'ts'
  name?: string
  args?: string[]
  env?: Record<string, string>
  stdin?: string | Uint8Array
  channels?: ChannelSpec[]
  limits?: Partial<InstanceLimits>
  seed?: string
  epochMs?: number
}

const utf8 = new TextEncoder()

export function bytesOf(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? utf8.encode(data) : data
}

/** Builds an InstanceSpec for tests and benches with sensible defaults. */
export function makeSpec(o: SpecInput): InstanceSpec {
  const channels: ChannelSpec[] = [...(o.channels ?? [])]
  if (o.stdin !== undefined) {
    channels.push({ alias: '/dev/stdin', mode: 'read', kind: 'local', data: bytesOf(o.stdin) })
  }
  const image = o.image ?? (typeof o.code === 'string' ? 'js' : 'wasm')
  return {
    name: o.name ?? 'test',
    program: {
      image,
      code: o.code,
      hash: md5Hex(o.code),
      ...(o.lang ? { lang: o.lang } : {}),
    },
    args: o.args ?? [],
    env: o.env ?? {},
    channels,
    limits: { ...DEFAULT_LIMITS, ...o.limits },
    seed: o.seed ?? 'seed',
    epochMs: o.epochMs ?? DEFAULT_EPOCH_MS,
  }
}

export const text = (b: Uint8Array | undefined): string => new TextDecoder().decode(b)
