import { createNodePool } from '../src/node.ts'
import { wat } from './wat.ts'
const tables = Array.from({ length: 10 }, (_, i) => `(table $t${i} 10000000 funcref)`).join('\n')
const mod = await wat(
  `(module ${tables} (memory (export "memory") 1) (func (export "_start") (loop $l (br $l))))`,
)
const pool = createNodePool({ size: 1 })
const rss = () => Math.round(process.memoryUsage().rss / 1048576)
console.log('start', rss())
const p = pool.run({
  name: 't',
  program: { image: 'wasm', code: mod, hash: 'tbl' },
  args: [],
  env: {},
  channels: [],
  limits: { memoryBytes: 64 << 20, timeoutMs: 3000, maxOutputBytes: 1 << 20, stackBytes: 1 << 20 },
  seed: 's',
  epochMs: 0,
})
let peak = 0
const iv = setInterval(() => {
  peak = Math.max(peak, rss())
}, 20)
const r = await p
clearInterval(iv)
console.log(r.status, r.message, 'peak', peak, 'after', rss())
pool.close()
