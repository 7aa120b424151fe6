// Per-object sort (zerocloud.md §1.7): sorts the numbers of one object, one per line.
const nums = zerolab
  .read('stdin')
  .split('\n')
  .filter((l) => l.length > 0)
  .map(Number)
nums.sort((a, b) => a - b)
zerolab.write('stdout', nums.join('\n') + '\n')
