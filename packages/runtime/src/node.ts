// Node adapters. Job engine: directory-backed store and disk spool (other owners append theirs).
export { DirStore } from './node/dirStore.ts'
export { FileSpool } from './node/spool.ts'
