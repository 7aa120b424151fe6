// Top-k mapper: word frequencies of one object, sent to the reducer as "word count" lines.
const freq = new Map()
for (const w of zerolab
  .read('input')
  .toLowerCase()
  .split(/[^a-z]+/)) {
  if (w) freq.set(w, (freq.get(w) ?? 0) + 1)
}
let out = ''
for (const [w, n] of freq) out += `${w} ${n}\n`
zerolab.write('out/reduce', out)
