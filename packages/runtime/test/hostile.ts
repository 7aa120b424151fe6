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
