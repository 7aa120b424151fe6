// Top-k reducer: merges the mappers' frequencies and prints the k most frequent words
// (k = argv[1], default 10; ties broken alphabetically).
const k = Number(zerolab.args[1] ?? 10)
const freq = new Map()
for (const peer of zerolab.list('in')) {
  for (const line of zerolab.read('in/' + peer).split('\n')) {
    if (!line) continue
    const [w, n] = line.split(' ')
    freq.set(w, (freq.get(w) ?? 0) + Number(n))
  }
}
const top = [...freq].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, k)
for (const [w, n] of top) zerolab.write('stdout', `${n} ${w}\n`)
