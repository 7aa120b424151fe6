/**
 * Deterministic data generators for the examples (platform-free: used by the CLI seed, the
 * server's seeding, tests and benches).
 */
export interface GeneratedObject {
  container: string
  name: string
  text: string
}

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const VOCABULARY = (
  'the of and to in a is that for it as was with be by on not he this are or his from at ' +
  'which but have an they you were her she there been one all we their has would when if so ' +
  'cloud object store sandbox wasm map reduce job group instance channel pipe swift zero vm ' +
  'data node stream count word index sort grep top merge shard replica token account container'
).split(' ')

/** `count` documents of random words (Zipf-ish: early vocabulary words are more frequent). */
export function wordDocs(
  count: number,
  opts: { seed?: number; words?: number; container?: string } = {},
): GeneratedObject[] {
  const r = rng(opts.seed ?? 1)
  const container = opts.container ?? 'wordcount-data'
  const width = String(count).length
  return Array.from({ length: count }, (_, i) => {
    const n = (opts.words ?? 60) + Math.floor(r() * 40)
    const words: string[] = []
    for (let k = 0; k < n; k++) {
      const idx = Math.floor(VOCABULARY.length * r() * r())
      words.push(VOCABULARY[idx]!)
      if (k % 12 === 11) words.push('\n')
    }
    const text = words.join(' ').replace(/ \n /g, '\n') + '\n'
    return { container, name: `doc-${String(i + 1).padStart(width, '0')}.txt`, text }
  })
}

const LEVELS = ['INFO', 'INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR']
const EVENTS = [
  'request served',
  'cache miss',
  'object stored',
  'disk slow',
  'timeout talking to peer',
  'retrying upload',
]

export function logFiles(count = 6, lines = 80, seed = 2): GeneratedObject[] {
  const r = rng(seed)
  return Array.from({ length: count }, (_, i) => {
    const out: string[] = []
    for (let k = 0; k < lines; k++) {
      const t = new Date(Date.UTC(2026, 0, 1, 0, 0, k * 7 + i)).toISOString()
      const level = LEVELS[Math.floor(r() * LEVELS.length)]!
      out.push(
        `${t} ${level} node-${i + 1} ${EVENTS[Math.floor(r() * EVENTS.length)]!} id=${Math.floor(r() * 1e6)}`,
      )
    }
    return { container: 'logs', name: `app-${i + 1}.log`, text: out.join('\n') + '\n' }
  })
}

export function numberFiles(count = 4, per = 200, seed = 3): GeneratedObject[] {
  const r = rng(seed)
  return Array.from({ length: count }, (_, i) => ({
    container: 'sort-data',
    name: `numbers-${i + 1}.txt`,
    text: Array.from({ length: per }, () => String(Math.floor(r() * 100000))).join('\n') + '\n',
  }))
}

export function indexDocs(): GeneratedObject[] {
  const docs = [
    'ZeroVM runs tiny sandboxes next to the data they read.',
    'ZeroCloud embeds the sandboxes in an object store.',
    'A job is a graph of groups; each group expands to instances.',
    'Map instances read objects and send pairs to reduce instances.',
    'The reduce instances merge the pairs and write the index.',
    'WebAssembly gives the same sandbox in the browser and on the server.',
  ]
  return docs.map((text, i) => ({ container: 'docs', name: `doc-${i + 1}.txt`, text: text + '\n' }))
}

const REGIONS = ['north', 'south', 'east', 'west', 'central']
const PRODUCTS = ['widget', 'gadget', 'sprocket', 'gizmo']

/** CSV sales files (`csv-data/sales-N.csv`: day,region,product,quantity,amount). */
export function salesFiles(count = 4, rows = 120, seed = 4): GeneratedObject[] {
  const r = rng(seed)
  return Array.from({ length: count }, (_, i) => {
    const out = ['day,region,product,quantity,amount']
    for (let k = 0; k < rows; k++) {
      const quantity = 1 + Math.floor(r() * 9)
      const price = 5 + Math.floor(r() * 9500) / 100
      const region = REGIONS[Math.floor(r() * r() * REGIONS.length)]!
      const product = PRODUCTS[Math.floor(r() * PRODUCTS.length)]!
      out.push(
        `2026-01-${String(1 + (k % 28)).padStart(2, '0')},${region},${product},${quantity},${(quantity * price).toFixed(2)}`,
      )
    }
    return { container: 'csv-data', name: `sales-${i + 1}.csv`, text: out.join('\n') + '\n' }
  })
}

/** Independent word count of a text: whitespace-separated words, as the mappers count. */
export function countWords(text: string): number {
  return text.split(/\s+/).filter((w) => w.length > 0).length
}
