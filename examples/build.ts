/**
 * Writes every example's job.json with its JavaScript sources inlined (exec.source), so a
 * job is self-contained (playground, share links, `zerolab run`). `--check` fails when a
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
    'wordcount-c': [
      {
        name: 'map',
        exec: { path: 'swift://~/apps/wc_map.wasm' },
        devices: [{ name: 'input', path: 'swift://~/wordcount-data/*.txt' }, { name: 'stderr' }],
        connect: ['reduce'],
      },
      {
        name: 'reduce',
        exec: { path: 'swift://~/apps/wc_reduce.wasm' },
        devices: [{ name: 'stdout' }, { name: 'stderr' }],
      },
    ],
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
  }
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]
if (isMain) {
  const check = process.argv.includes('--check')
  let stale = 0
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
    stale++
    if (check) console.error(`${file} is out of date: run node --import tsx examples/build.ts`)
    else writeFileSync(file, text)
  }
  if (check && stale) process.exit(1)
}
