/**
 * Fills an ObjectStore with everything the examples read, and lists the examples with their
 * job descriptions. Used by `zerolab seed`, the server's `--seed`, and the tests. Node only
 * (reads the committed job.json files and compiled .wasm programs next to this file).
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { putObject, type ObjectStore } from '@zerolab/runtime'
import { RESULTS_CONTAINER, jobContainers } from './containers.ts'
import {
  indexDocs,
  logFiles,
  numberFiles,
  salesFiles,
  wordDocs,
  type GeneratedObject,
} from './data.ts'

const here = dirname(fileURLToPath(import.meta.url))
const enc = new TextEncoder()

export interface ExampleInfo {
  id: string
  title: string
  description: string
  /** The job description as committed in examples/<id>/job.json. */
  job: unknown
}

const ABOUT: Record<string, [string, string]> = {
  wordcount: [
    'Word count (JavaScript)',
    'ZeroCloud’s tutorial: mappers count the words of each object, one reducer sums them.',
  ],
  'wordcount-c': [
    'Word count (C → Wasm)',
    'The same job with a mapper and reducer written in C, compiled to Wasm by clang (in the browser or on the server).',
  ],
  sizeof: [
    'sizeof (C)',
    'The 2014 ZeroCloud write-up’s first program: the size of its stdin, read in 1 MiB chunks.',
  ],
  grep: [
    'Parallel grep',
    'One instance per log object keeps the ERROR lines, written next to the input as <name>.errors.',
  ],
  sort: [
    'Per-object sort',
    'ZeroCloud’s servlet example: numbers-N.txt is sorted into sorted-N.txt by its own instance.',
  ],
  topk: [
    'Top-k words',
    'Mappers count word frequencies, the reducer merges them and keeps the 10 most frequent.',
  ],
  'inverted-index': [
    'Inverted index',
    'Mappers partition words by hash over two reducers, which write word → documents.',
  ],
  'wordcount-py': [
    'Word count (Python)',
    'The same word count in Python 3.11 (CPython built for WASI): mappers stream their object line by line.',
  ],
  'grep-py': [
    'Parallel grep (Python)',
    'The parallel grep in Python: one instance per log object prints the lines containing its argument.',
  ],
  'csv-py': [
    'CSV aggregation (Python)',
    'Mappers sum each sales CSV per region with the csv module; the reducer merges them into one table.',
  ],
  pingpong: [
    'Request/reply (C)',
    'Two instances connected both ways: the client sends numbers one line at a time and waits for each answer.',
  ],
  disort: [
    'Distributed sort (C)',
    'ZeroVM’s disort: workers send samples to a manager, which answers with splitters; workers then partition to reducers.',
  ],
  ring: [
    'Self-connected group (C)',
    'Three instances of one group connected to itself: every instance hears from every other.',
  ],
}

export const EXAMPLE_IDS = Object.keys(ABOUT)

export function listExamples(): ExampleInfo[] {
  return EXAMPLE_IDS.map((id) => ({
    id,
    title: ABOUT[id]![0],
    description: ABOUT[id]![1],
    job: JSON.parse(readFileSync(join(here, id, 'job.json'), 'utf8')) as unknown,
  }))
}

/** Every object the examples read (data and the compiled C programs). */
export function exampleObjects(
  opts: { docs?: number } = {},
): { container: string; name: string; data: Uint8Array; contentType: string }[] {
  const text = (o: GeneratedObject) => ({
    container: o.container,
    name: o.name,
    data: enc.encode(o.text),
    contentType: 'text/plain',
  })
  const wasm = (file: string, name: string) => ({
    container: 'apps',
    name,
    data: new Uint8Array(readFileSync(join(here, 'wordcount-c', file))),
    contentType: 'application/wasm',
  })
  return [
    ...wordDocs(opts.docs ?? 8).map(text),
    ...logFiles().map(text),
    ...numberFiles().map(text),
    ...indexDocs().map(text),
    ...salesFiles().map(text),
    wasm('map.wasm', 'wc_map.wasm'),
    wasm('reduce.wasm', 'wc_reduce.wasm'),
  ]
}

/**
 * Every container the seed creates: the ones holding example data, every container an example
 * job reads or writes, and the results container the lessons write to.
 */
export function seededContainers(): string[] {
  return [
    ...new Set([
      ...exampleObjects().map((o) => o.container),
      ...listExamples().flatMap((e) => jobContainers(e.job)),
      RESULTS_CONTAINER,
    ]),
  ]
}

/** Puts the example data into `account` (default `demo`); returns the number of objects. */
export async function seedExamples(
  store: ObjectStore,
  opts: { account?: string; docs?: number } = {},
): Promise<number> {
  const account = opts.account ?? 'demo'
  const objects = exampleObjects(opts)
  for (const o of objects)
    await putObject(store, `${account}/${o.container}/${o.name}`, o.data, {
      contentType: o.contentType,
    })
  return objects.length
}
