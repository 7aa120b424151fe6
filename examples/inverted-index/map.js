// Inverted index mapper: every distinct word of one document goes to the reducer that owns
// it (a stable hash picks one of the reducers listed in /dev/out) as "word<TAB>document".
const doc = zerolab.env.LOCAL_PATH_INFO.split('/').slice(3).join('/')
const reducers = zerolab.list('out')
const words = new Set(
  zerolab
    .read('input')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean),
)
const parts = reducers.map(() => [])
for (const w of [...words].sort()) {
  let h = 0
  for (let i = 0; i < w.length; i++) h = (h * 31 + w.charCodeAt(i)) >>> 0
  parts[h % reducers.length].push(`${w}\t${doc}`)
}
reducers.forEach((r, i) => zerolab.write('out/' + r, parts[i].join('\n') + '\n'))
