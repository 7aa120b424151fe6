/**
 * Writes every example's job.json with its JavaScript and C sources inlined (exec.source), so
 * a job is self-contained (playground, share links, `zerolab run`). `--check` fails when a
 * committed job.json is out of date (formatting aside: prettier owns the layout).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const src = (p: string): string => readFileSync(join(here, p), 'utf8')

export function exampleJobs(): Record<string, unknown> {
  return {
    wordcount: {
      version: 1,
      groups: [
        {
          name: 'map',
          exec: { source: src('wordcount/map.js') },
          devices: [{ name: 'input', path: 'swift://~/wordcount-data/*.txt' }, { name: 'stderr' }],
          connect: ['reduce'],
          ui: { x: 0, y: 0 },
        },
        {
          name: 'reduce',
          exec: { source: src('wordcount/reduce.js') },
          devices: [{ name: 'stdout' }, { name: 'stderr' }],
          ui: { x: 320, y: 0 },
        },
      ],
    },
    'wordcount-c': {
      version: 1,
      groups: [
        {
          name: 'map',
          exec: { lang: 'c', source: src('wordcount-c/map.c') },
          devices: [{ name: 'input', path: 'swift://~/wordcount-data/*.txt' }, { name: 'stderr' }],
          connect: ['reduce'],
          ui: { x: 0, y: 0 },
        },
        {
          name: 'reduce',
          exec: { lang: 'c', source: src('wordcount-c/reduce.c') },
          devices: [{ name: 'stdout' }, { name: 'stderr' }],
          ui: { x: 320, y: 0 },
        },
      ],
    },
    sizeof: {
      version: 1,
      groups: [
        {
          name: 'sizeof',
          exec: { lang: 'c', source: src('sizeof/sizeof.c'), args: '1048576' },
          devices: [
            { name: 'stdin', path: 'swift://~/wordcount-data/doc-1.txt' },
            { name: 'stdout' },
            { name: 'stderr' },
          ],
        },
      ],
    },
    grep: {
      version: 1,
      groups: [
        {
          name: 'grep',
          exec: { source: src('grep/grep.js'), args: 'ERROR' },
          devices: [
            { name: 'stdin', path: 'swift://~/logs/*.log' },
            { name: 'stdout', path: 'swift://~/grep-out/*.errors', content_type: 'text/plain' },
            { name: 'stderr' },
          ],
        },
      ],
    },
    sort: {
      version: 1,
      groups: [
        {
          name: 'sort',
          exec: { source: src('sort/sort.js') },
          devices: [
            { name: 'stdin', path: 'swift://~/sort-data/numbers-*.txt' },
            {
              name: 'stdout',
              path: 'swift://~/sort-data/sorted-*.txt',
              content_type: 'text/plain',
            },
            { name: 'stderr' },
          ],
        },
      ],
    },
    topk: {
      version: 1,
      groups: [
        {
          name: 'map',
          exec: { source: src('topk/map.js') },
          devices: [{ name: 'input', path: 'swift://~/wordcount-data/*.txt' }],
          connect: ['reduce'],
          ui: { x: 0, y: 0 },
        },
        {
          name: 'reduce',
          exec: { source: src('topk/reduce.js'), args: '10' },
          devices: [
            { name: 'stdout', path: 'swift://~/topk-out/top10.txt', content_type: 'text/plain' },
          ],
          ui: { x: 320, y: 0 },
        },
      ],
    },
    pingpong: {
      version: 1,
      groups: [
        {
          name: 'client',
          exec: { lang: 'c', source: src('pingpong/pingpong.c'), args: 'client server 100' },
          devices: [{ name: 'stdout' }, { name: 'stderr' }],
          connect: ['server'],
          ui: { x: 0, y: 0 },
        },
        {
          name: 'server',
          exec: { lang: 'c', source: src('pingpong/pingpong.c'), args: 'server client' },
          devices: [{ name: 'stdout' }, { name: 'stderr' }],
          connect: ['client'],
          ui: { x: 320, y: 0 },
        },
      ],
    },
    disort: {
      version: 1,
      groups: [
        {
          name: 'src',
          count: 3,
          exec: { lang: 'c', source: src('disort/disort.c'), args: 'src 2000' },
          devices: [
            { name: 'output', path: 'swift://~/disort/in-*.txt', content_type: 'text/plain' },
            { name: 'stderr' },
          ],
          connect: ['dst', 'man'],
          ui: { x: 0, y: 0 },
        },
        {
          name: 'man',
          exec: { lang: 'c', source: src('disort/disort.c'), args: 'man' },
          devices: [{ name: 'stdout' }, { name: 'stderr' }],
          connect: ['src'],
          ui: { x: 320, y: -160 },
        },
        {
          name: 'dst',
          count: 2,
          exec: { lang: 'c', source: src('disort/disort.c'), args: 'dst' },
          devices: [
            { name: 'output', path: 'swift://~/disort/out-*.txt', content_type: 'text/plain' },
            { name: 'stderr' },
          ],
          connect: ['man'],
          ui: { x: 320, y: 160 },
        },
      ],
    },
    ring: {
      version: 1,
      groups: [
        {
          name: 'peer',
          count: 3,
          exec: { lang: 'c', source: src('ring/ring.c') },
          devices: [{ name: 'stdout' }, { name: 'stderr' }],
          connect: ['peer'],
          ui: { x: 0, y: 0 },
        },
      ],
    },
    'inverted-index': {
      version: 1,
      groups: [
        {
          name: 'map',
          exec: { source: src('inverted-index/map.js') },
          devices: [{ name: 'input', path: 'swift://~/docs/*.txt' }],
          connect: ['reduce'],
          ui: { x: 0, y: 0 },
        },
        {
          name: 'reduce',
          exec: { source: src('inverted-index/reduce.js') },
          count: 2,
          devices: [
            {
              name: 'output',
              path: 'swift://~/index-out/index-*.txt',
              content_type: 'text/plain',
              meta: { kind: 'inverted-index' },
            },
          ],
          ui: { x: 320, y: 0 },
        },
      ],
    },
    'wordcount-py': {
      version: 1,
      groups: [
        {
          name: 'map',
          exec: { image: 'python', source: src('wordcount-py/map.py') },
          devices: [{ name: 'input', path: 'swift://~/wordcount-data/*.txt' }, { name: 'stderr' }],
          connect: ['reduce'],
          ui: { x: 0, y: 0 },
        },
        {
          name: 'reduce',
          exec: { image: 'python', source: src('wordcount-py/reduce.py') },
          devices: [{ name: 'stdout' }, { name: 'stderr' }],
          ui: { x: 320, y: 0 },
        },
      ],
    },
    'grep-py': {
      version: 1,
      groups: [
        {
          name: 'grep',
          exec: { image: 'python', source: src('grep-py/grep.py'), args: 'ERROR' },
          devices: [
            { name: 'stdin', path: 'swift://~/logs/*.log' },
            { name: 'stdout', path: 'swift://~/grep-py-out/*.errors', content_type: 'text/plain' },
            { name: 'stderr' },
          ],
        },
      ],
    },
    'csv-py': {
      version: 1,
      groups: [
        {
          name: 'map',
          exec: { image: 'python', source: src('csv-py/map.py') },
          devices: [{ name: 'input', path: 'swift://~/csv-data/*.csv' }, { name: 'stderr' }],
          connect: ['reduce'],
          ui: { x: 0, y: 0 },
        },
        {
          name: 'reduce',
          exec: { image: 'python', source: src('csv-py/reduce.py') },
          devices: [{ name: 'stdout' }, { name: 'stderr' }],
          ui: { x: 320, y: 0 },
        },
      ],
    },
  }
}

/**
 * The committed .wasm the seed puts in `apps/` (ZeroCloud-style programs run by path): exactly
 * the modules the playground's compiler makes of the C sources, so path and inline runs agree.
 */
export const COMPILED_WASM: { file: string; lang: 'c'; source: string }[] = [
  { file: 'wordcount-c/map.wasm', lang: 'c', source: src('wordcount-c/map.c') },
  { file: 'wordcount-c/reduce.wasm', lang: 'c', source: src('wordcount-c/reduce.c') },
]

/** Compiles COMPILED_WASM with the shared compiler; returns the files whose bytes differ. */
async function buildWasm(check: boolean): Promise<string[]> {
  const { createNodeCompiler } = await import('@zerolab/cc/node')
  const compiler = createNodeCompiler({
    cacheDir: join(here, '..', 'node_modules', '.cache', 'zerolab-modules'),
  })
  const stale: string[] = []
  try {
    for (const w of COMPILED_WASM) {
      const r = await compiler.compile({ lang: w.lang, source: w.source })
      if (!r.ok) throw new Error(`${w.file}: ${r.log}`)
      const file = join(here, w.file)
      let old: Uint8Array | undefined
      try {
        old = readFileSync(file)
      } catch {
        // new program
      }
      if (old && Buffer.compare(old, r.wasm) === 0) continue
      stale.push(file)
      if (!check) writeFileSync(file, r.wasm)
    }
  } finally {
    compiler.close()
  }
  return stale
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]
if (isMain) {
  const check = process.argv.includes('--check')
  const stale: string[] = []
  for (const [id, job] of Object.entries(exampleJobs())) {
    const file = join(here, id, 'job.json')
    const text = JSON.stringify(job, null, 2) + '\n'
    let old = ''
    try {
      old = readFileSync(file, 'utf8')
    } catch {
      // new example
    }
    if (old && JSON.stringify(JSON.parse(old)) === JSON.stringify(job)) continue
    stale.push(file)
    if (!check) writeFileSync(file, text)
  }
  stale.push(...(await buildWasm(check)))
  if (check && stale.length) {
    for (const f of stale)
      console.error(`${f} is out of date: run node --import tsx examples/build.ts`)
    process.exit(1)
  }
}
