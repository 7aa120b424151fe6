import fc from 'fast-check'
import { parseJob, ZeroLabError } from '@zerolab/shared'
import { describe, expect, it } from 'vitest'
import { MemoryStore } from '../store/memoryStore.ts'
import { putObject } from '../store/objectIo.ts'
import { expandJob } from './expand.ts'

const enc = new TextEncoder()

const objectName = fc.stringMatching(/^[a-c]{1,3}\.(txt|log)$/)
const storeArb = fc.uniqueArray(fc.tuple(fc.constantFrom('c1', 'c2'), objectName), {
  minLength: 1,
  maxLength: 12,
  selector: ([c, o]) => `${c}/${o}`,
})

interface G {
  wildcard?: { container: string; prefix: string; suffix: string }
  count: number
  output: boolean
  connectLater: number[]
}

const groupArb: fc.Arbitrary<G> = fc.record({
  wildcard: fc.option(
    fc.record({
      container: fc.constantFrom('c1', 'c2', 'c*'),
      prefix: fc.constantFrom('', 'a', 'b'),
      suffix: fc.constantFrom('.txt', '.log', ''),
    }),
    { nil: undefined },
  ),
  count: fc.integer({ min: 1, max: 4 }),
  output: fc.boolean(),
  connectLater: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
})

function toJob(groups: G[]): unknown[] {
  return groups.map((g, i) => {
    const devices: unknown[] = []
    if (g.wildcard)
      devices.push({
        name: 'input',
        path: `swift://~/${g.wildcard.container}/${g.wildcard.prefix}*${g.wildcard.suffix}`,
      })
    const stars = g.wildcard?.container === 'c*' ? '*-*' : '*'
    if (g.output) devices.push({ name: 'output', path: `swift://~/out/g${i}-${stars}` })
    const connect = [
      ...new Set(g.connectLater.map((d) => i + d).filter((t) => t < groups.length)),
    ].map((t) => `g${t}`)
    return { name: `g${i}`, exec: { source: 'x' }, count: g.count, devices, connect }
  })
}

describe('expansion properties', () => {
  it('random valid jobs expand consistently', async () => {
    await fc.assert(
      fc.asyncProperty(
        storeArb,
        fc.array(groupArb, { minLength: 1, maxLength: 4 }),
        async (objects, groups) => {
          const store = new MemoryStore()
          for (const [c, o] of objects) await putObject(store, `acct/${c}/${o}`, enc.encode(o))
          const job = parseJob(toJob(groups))
          let plan
          try {
            plan = await expandJob(job, store, { account: 'acct' })
          } catch (e) {
            // The only legal failure: a wildcard that matches nothing.
            const g = groups.findIndex((x) => {
              if (!x.wildcard) return false
              const w = x.wildcard
              return !objects.some(
                ([c, o]) =>
                  (w.container === 'c*' || c === w.container) &&
                  o.startsWith(w.prefix) &&
                  o.endsWith(w.suffix),
              )
            })
            expect(g).toBeGreaterThanOrEqual(0)
            expect((e as Error).message).toMatch(
              /^groups\[\d+\]\.devices\[0\]\.path: no object matches/,
            )
            return
          }
          const again = await expandJob(job, store, { account: 'acct' })
          expect(JSON.stringify(again.instances)).toBe(JSON.stringify(plan.instances))
          expect(plan.instances.map((i) => i.id)).toEqual(plan.instances.map((_, k) => k + 1))
          expect(new Set(plan.instances.map((i) => i.name)).size).toBe(plan.instances.length)
          const sizes = groups.map((g) => {
            if (!g.wildcard) return g.count
            const w = g.wildcard
            return objects.filter(
              ([c, o]) =>
                (w.container === 'c*' || c === w.container) &&
                o.startsWith(w.prefix) &&
                o.endsWith(w.suffix),
            ).length
          })
          groups.forEach((_, gi) => {
            const mine = plan.instances.filter((i) => i.groupIndex === gi)
            expect(mine).toHaveLength(sizes[gi]!)
            if (mine.length === 1) expect(mine[0]!.name).toBe(`g${gi}`)
            const outputs = mine
              .map((i) => i.devices.find((d) => d.name === 'output')?.object?.object)
              .filter(Boolean)
            expect(new Set(outputs).size).toBe(outputs.length)
            const targets = job.groups[gi]!.connect.map((t) => Number(t.slice(1)))
            for (const s of mine) {
              expect(s.outPeers).toHaveLength(targets.reduce((n, t) => n + sizes[t]!, 0))
              expect(s.outPeers).not.toContain(s.name)
            }
          })
          const pairs = plan.instances
            .flatMap((s) => s.outPeers.map((d) => `${s.name}>${d}`))
            .sort()
          const back = plan.instances.flatMap((d) => d.inPeers.map((s) => `${s}>${d.name}`)).sort()
          expect(back).toEqual(pairs)
        },
      ),
      { numRuns: 150 },
    )
  })

  it('random jobs that parse either expand or fail with a ZeroLabError naming a JSON path', async () => {
    const store = new MemoryStore()
    for (const o of ['a.txt', 'b.txt', 'c.log'])
      await putObject(store, `acct/c1/${o}`, enc.encode(o))
    const path = fc.constantFrom(
      'swift://~/c1/*.txt',
      'swift://~/c1/a.txt',
      'swift://~/c1/none',
      'swift://~/c*/*',
      'swift://~/out/*',
      'swift://~/out/fixed',
      'swift://acct/c1',
      'zvm://g1:stdin',
      'zvm://g0-2:stdin',
      'file://x:y',
    )
    const device = fc.record({
      name: fc.constantFrom('stdin', 'stdout', 'stderr', 'input', 'output', 'image', 'python2.7'),
      path: fc.option(path, { nil: undefined }),
    })
    const group = (i: number) =>
      fc.record({
        name: fc.constant(`g${i}`),
        exec: fc.constant({ source: 'x' }),
        count: fc.integer({ min: 1, max: 3 }),
        devices: fc.uniqueArray(device, { maxLength: 4, selector: (d) => d.name }),
        connect: fc.subarray(['g0', 'g1', 'g2']),
        attach: fc.option(fc.constantFrom('default', 'stdin', 'output'), { nil: undefined }),
      })
    await fc.assert(
      fc.asyncProperty(fc.tuple(group(0), group(1), group(2)), async (groups) => {
        let job
        try {
          job = parseJob(JSON.parse(JSON.stringify(groups)))
        } catch (e) {
          expect(e).toBeInstanceOf(ZeroLabError)
          return
        }
        try {
          await expandJob(job, store, { account: 'acct' })
        } catch (e) {
          expect(e).toBeInstanceOf(ZeroLabError)
          const err = e as ZeroLabError
          expect(err.path).toMatch(/^groups\[\d\]/)
          expect(err.message.startsWith(`${err.path}: `)).toBe(true)
        }
      }),
      { numRuns: 300 },
    )
  })
})
