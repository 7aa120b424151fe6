// Parallel grep: one instance per log object; prints the lines containing argv[1].
const pattern = zerolab.args[1] ?? 'ERROR'
const lines = zerolab.read('stdin').split('\n')
const hits = lines.filter((l) => l.includes(pattern))
for (const l of hits) console.log(l)
console.error(`${zerolab.name}: ${hits.length} of ${lines.length - 1} lines match "${pattern}"`)
