// The run controller with real parts: the engine, a worker_threads pool, a memory store.
import { MemoryStore, runJob } from '@zerolab/runtime'
import { createNodePool } from '@zerolab/runtime/node'
import { afterAll, describe, expect, it } from 'vitest'
import type { LocalRuntime } from '../../src/runtime/localRuntime.ts'
import type { NodeProgress } from '../../src/state/appStore.ts'
import { createStore } from '../../src/state/createStore.ts'
import type { JobDocument } from '../../src/state/jobDocument.ts'
import { createRunController } from '../../src/features/runs/createRunController.ts'
import { EtagMemory } from '../../src/features/runs/determinism.ts'
import type { RunsState } from '../../src/features/runs/runStore.ts'

const pool = createNodePool({ size: 2 })
afterAll(() => pool.close())

function setup() {
  const store = new MemoryStore()
  const runtime: LocalRuntime = {
    run: async (job, o) =>
      (await runJob(job, { store, executor: pool, account: 'local', ...o })).report,
  }
  const storage = new Map<string, string>()
  const seen = {
    notices: [] as { text: string; kind: string | undefined }[],
    leave: [] as (string | null)[],
    progress: {} as Record<string, NodeProgress>,
    signIn: 0,
  }
  const runs = createStore<RunsState>({
    current: null,
    determinism: null,
    clusterJobId: null,
    past: [],
  })
  const ctl = createRunController({
    runs,
    ui: {
      notify: (text, kind) => seen.notices.push({ text, kind }),
      guardLeave: (reason) => seen.leave.push(reason),
      setNodeProgress: (group, p) => (seen.progress[group] = p),
      clearProgress: () => (seen.progress = {}),
    },
    localRuntime: async () => runtime,
    cluster: () => null,
    openSignIn: () => seen.signIn++,
    etagMemory: () =>
      new EtagMemory({
        getItem: (k) => storage.get(k) ?? null,
        setItem: (k, v) => void storage.set(k, v),
      }),
    flushMs: 1,
  })
  return { ctl, runs, seen, store }
}

const job = (source: string, count = 2): JobDocument => ({
  version: 1,
  groups: [
    {
      name: 'hello',
      count,
      exec: { image: 'js', source },
      devices: [{ name: 'stdout' }, { name: 'output', path: 'swift://~/out/*.txt' }],
    },
  ],
})

describe('createRunController', () => {
  it('runs locally, shows progress on the nodes and remembers output ETags', async () => {
    const { ctl, runs, seen, store } = setup()
    const doc = job(`zerolab.write('output', 'hi from ' + zerolab.name)`)
    await ctl.runLocal(doc)
    const run = runs.get().current!
    expect(run.phase).toBe('ok')
    expect(Object.keys(run.instances).sort()).toEqual(['hello-1', 'hello-2'])
    // A local run asks before the page is left, and stops asking when it ends.
    expect(seen.leave).toEqual([expect.stringContaining('in progress'), null])
    expect(seen.progress.hello).toMatchObject({ state: 'ok', done: 2, total: 2 })
    expect(runs.get().determinism?.kind).toBe('first')
    expect((await store.list('local', 'out')).map((o) => o.name)).toEqual([
      'hello-1.txt',
      'hello-2.txt',
    ])
    await ctl.runLocal(doc)
    expect(runs.get().determinism).toMatchObject({ kind: 'same' })
    expect(seen.notices).toEqual([])
    expect(ctl.isRunning()).toBe(false)
  })

  it('rejects an invalid job with its JSON path and starts nothing', async () => {
    const { ctl, runs, seen } = setup()
    await ctl.runLocal({ version: 1, groups: [{ name: 'x', exec: {}, connect: ['nope'] }] })
    expect(runs.get().current).toBeNull()
    expect(seen.notices).toHaveLength(1)
    expect(seen.notices[0]!.kind).toBe('error')
    expect(seen.notices[0]!.text).toMatch(/^groups\[0\]/)
  })

  it('cancels a running job without an error toast, and runs one job at a time', async () => {
    const { ctl, runs, seen } = setup()
    const running = ctl.runLocal(job('while (true) {}', 1))
    await new Promise((r) => setTimeout(r, 50))
    expect(ctl.isRunning()).toBe(true)
    await ctl.runLocal(job(`zerolab.write('stdout', 'second')`, 1)) // ignored: one at a time
    await ctl.cancel()
    await running
    expect(runs.get().current!.phase).toBe('cancelled')
    expect(seen.notices).toEqual([])
  })

  it('asks to sign in when running on the cluster without a session', async () => {
    const { ctl, runs, seen } = setup()
    await ctl.runOnCluster(job(`zerolab.write('stdout', 'x')`, 1))
    expect(seen.signIn).toBe(1)
    expect(seen.notices.map((n) => n.text)).toEqual([
      'Sign in to a server to run on the cluster; the run starts when you are in.',
    ])
    expect(runs.get().current).toBeNull()
  })
})
