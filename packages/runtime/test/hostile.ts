/** WAT programs shared by the hostile-code tests and the bench. */
export const HELLO_WAT = `(module
  (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello\\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 6))
    (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))`

export const TRIVIAL_WAT = `(module (memory (export "memory") 1) (func (export "_start")))`

export const LOOP_WAT = `(module (memory (export "memory") 1)
  (func (export "_start") (loop $l (br $l))))`

/** Grows memory a page at a time until growth fails, then traps. */
export const GROW_WAT = `(module (memory (export "memory") 1)
  (func (export "_start")
    (loop $l (br_if $l (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
    unreachable))`

export const STACK_WAT = `(module (memory (export "memory") 1)
  (func $f (param i32) (result i32) (i32.add (call $f (local.get 0)) (i32.const 1)))
  (func (export "_start") (drop (call $f (i32.const 0)))))`

export const SOCKET_WAT = `(module
  (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
  (import "env" "socket" (func (param i32 i32 i32) (result i32)))
  (memory (export "memory") 1) (func (export "_start")))`

/** Ten tables of ten million entries each: 760 MB of host memory under a 64 MiB limit, before. */
export const TABLES_WAT = `(module
  ${Array.from({ length: 10 }, (_, i) => `(table $t${i} 10000000 funcref)`).join('\n  ')}
  (memory (export "memory") 1) (func (export "_start")))`

/** A table that may grow without bound, grown until it refuses (then exit 7). */
export const TABLE_GROW_WAT = `(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (table $t 1 funcref) (memory (export "memory") 1)
  (func (export "_start")
    (loop $l (br_if $l (i32.ne (table.grow $t (ref.null func) (i32.const 100000)) (i32.const -1))))
    (call $exit (i32.const 7))))`

/** poll_oneoff with `n` subscriptions over a memory big enough for them; exits with the errno. */
export const pollWat = (n: number): string => `(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") ${Math.ceil((n * 80 + 16) / 65536) + 1})
  (func (export "_start")
    (call $exit (call $poll (i32.const 16) (i32.const ${16 + n * 48}) (i32.const ${n}) (i32.const 0)))))`

/** path_open with a path of (nearly) the whole memory; exits with the errno. */
export const PATH_FLOOD_WAT = `(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1024)
  (func (export "_start")
    (call $exit (call $open (i32.const 3) (i32.const 0) (i32.const 16) (i32.const 60000000)
      (i32.const 0) (i64.const 0) (i64.const 0) (i32.const 0) (i32.const 8)))))`

/** Loops for ever only when given an argument: fast on a first run, hostile on a later one. */
export const LOOP_IF_ARG_WAT = `(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $sizes (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (call $sizes (i32.const 0) (i32.const 4)))
    (if (i32.gt_u (i32.load (i32.const 0)) (i32.const 1)) (then (loop $l (br $l))))))`

/**
 * One fd_write to stdout of `n` iovecs all naming the same 64 MiB region (the whole memory
 * past the iovec array): gathered, n × 64 MiB of host memory. Exits with fd_write's errno.
 */
export const writevWat = (n: number): string => `(module
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1024)
  (func (export "_start") (local $i i32)
    (loop $l
      (i32.store (i32.mul (local.get $i) (i32.const 8)) (i32.const 16384))
      (i32.store (i32.add (i32.mul (local.get $i) (i32.const 8)) (i32.const 4))
        (i32.const ${64 * 1024 * 1024 - 16384}))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const ${Math.min(n, 2000)}))))
    (call $exit (call $write (i32.const 1) (i32.const 0) (i32.const ${n}) (i32.const 16380)))))`
