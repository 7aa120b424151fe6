// Inverted index reducer: "word: doc1 doc2 …" for every word this reducer owns, sorted.
const index = new Map()
for (const peer of zerolab.list('in')) {
  for (const line of zerolab.read('in/' + peer).split('\n')) {
    if (!line) continue
    const [w, doc] = line.split('\t')
    if (!index.has(w)) index.set(w, new Set())
    index.get(w).add(doc)
  }
}
let out = ''
for (const w of [...index.keys()].sort()) out += `${w}: ${[...index.get(w)].sort().join(' ')}\n`
zerolab.write('output', out)
