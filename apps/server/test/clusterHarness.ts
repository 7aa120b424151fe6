/**
 * A ZeroLab gateway and three nodes over this test run's shared loopback Swift
 * (scripts/cluster/testCluster.ts), in their own state directory, plus the word-count job and
 * data the cluster tests compare against the single-node server.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ClusterInfo, ZeroLabInfo } from '../../../scripts/cluster/loopback.ts'
import { clusterDown } from '../../../scripts/cluster/loopback.ts'
import { sharedSwift } from '../../../scripts/cluster/testCluster.ts'
import { zerolabUp } from '../../../scripts/cluster/zerolab.ts'
import { SwiftClient } from '../src/swiftBackend/swiftClient.ts'
import { SwiftStore } from '../src/swiftBackend/swiftStore.ts'

export interface ClusterHarness {
  swift: ClusterInfo
  zl: ZeroLabInfo
  stateDir: string
  /** admin:admin, logged in through the gateway (so the gateway knows the token). */
  admin: SwiftClient
  /** The same user straight at the proxy (for checks that must not go through ZeroLab). */
  direct: SwiftClient
  close(): Promise<void>
}

export async function openClusterHarness(
  o: { workers?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<ClusterHarness> {
  const swift = await sharedSwift()
  const stateDir = mkdtempSync(join(tmpdir(), 'zerolab-cluster-test-'))
  const zl = await zerolabUp({
    swift,
    stateDir,
    workers: o.workers ?? 1,
    ...(o.env ? { env: o.env } : {}),
  })
  const admin = await SwiftClient.login(zl.gatewayUrl, 'admin:admin', 'admin')
  const direct = await SwiftClient.login(swift.proxyUrl, 'admin:admin', 'admin')
  return {
    swift,
    zl,
    stateDir,
    admin,
    direct,
    async close() {
      await clusterDown(stateDir)
      rmSync(stateDir, { recursive: true, force: true })
    },
  }
}

/** Creates `container` (if needed) and puts the objects, through `client`. */
export async function putObjects(
  client: SwiftClient,
  container: string,
  objects: Record<string, string | Uint8Array>,
): Promise<void> {
  const made = await client.request('PUT', `/v1/AUTH_admin/${encodeURIComponent(container)}`)
  made.body.resume()
  if (made.status >= 300) throw new Error(`container ${container}: ${made.status}`)
  const store = new SwiftStore(client)
  const names = Object.keys(objects)
  let next = 0
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let i = next++; i < names.length; i = next++) {
        const v = objects[names[i]!]!
        await store.put(
          'AUTH_admin',
          container,
          names[i]!,
          typeof v === 'string' ? new TextEncoder().encode(v) : v,
          {
            contentType: 'text/plain',
          },
        )
      }
    }),
  )
}

const VOCAB = (
  'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma ' +
  'tau upsilon phi chi psi omega swift object zero cloud sandbox channel pipe node proxy ring ' +
  'replica partition account container map reduce word count data locality gateway wasm'
).split(' ')

/** `n` text objects of a few KiB, the same every run (a linear congruential generator). */
export function wordObjects(n: number, prefix = 'doc'): Record<string, string> {
  const out: Record<string, string> = {}
  let x = 12345
  const rand = (m: number): number => (x = (x * 1103515245 + 12345) >>> 0) % m
  for (let i = 0; i < n; i++) {
    const words: string[] = []
    for (let w = 0, len = 300 + rand(900); w < len; w++) words.push(VOCAB[rand(VOCAB.length)]!)
    out[`${prefix}-${String(i).padStart(3, '0')}.txt`] = `${words.join(' ')}\n`
  }
  return out
}

/** A word-frequency map-reduce: one mapper per object (counts also written next to it), one reducer. */
export function wordCountJob(input: string, output: string, spin = 0): unknown {
  return [
    {
      name: 'map',
      exec: {
        source: [
          `for (let i = 0; i < ${spin}; i++) Math.sqrt(i)`,
          'const counts = new Map()',
          "for (const w of zerolab.read('input').split(/\\s+/)) if (w) counts.set(w, (counts.get(w) || 0) + 1)",
          'const keys = [...counts.keys()].sort()',
          "zerolab.write('out/reduce', keys.map((k) => k + ' ' + counts.get(k)).join('\\n') + '\\n')",
          'let total = 0',
          'for (const k of keys) total += counts.get(k)',
          "console.log(total + ' words')",
        ].join('\n'),
      },
      devices: [
        { name: 'input', path: `swift://~/${input}/*.txt` },
        { name: 'stdout', path: `swift://~/${output}/count-*.txt` },
      ],
      connect: ['reduce'],
    },
    {
      name: 'reduce',
      exec: {
        source: [
          'const totals = new Map()',
          "for (const peer of zerolab.list('in'))",
          "  for (const line of zerolab.read('in/' + peer).split('\\n')) {",
          '    if (!line) continue',
          "    const [w, n] = line.split(' ')",
          '    totals.set(w, (totals.get(w) || 0) + Number(n))',
          '  }',
          "for (const k of [...totals.keys()].sort()) console.log(k + ' ' + totals.get(k))",
        ].join('\n'),
      },
      devices: [{ name: 'stdout', path: `swift://~/${output}/total.txt` }],
    },
  ]
}
