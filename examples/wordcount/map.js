// Mapper (zerocloud.md §1.7): count whitespace-separated words of the attached object and
// send "<count> <container/object>" to the reducer.
const text = zerolab.read('input')
const words = text.split(/\s+/).filter((w) => w.length > 0).length
const name = zerolab.env.LOCAL_PATH_INFO.split('/').slice(2).join('/')
zerolab.write('out/reduce', `${words} ${name}\n`)
