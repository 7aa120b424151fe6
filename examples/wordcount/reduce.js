// Reducer: read every mapper's line from /dev/in, print right-aligned counts and a total.
let total = 0
for (const peer of zerolab.list('in')) {
  for (const line of zerolab.read('in/' + peer).split('\n')) {
    if (!line) continue
    const [count, name] = line.split(' ')
    total += Number(count)
    console.log(`${count.padStart(10)} ${name}`)
  }
}
console.log(`${String(total).padStart(10)} total`)
