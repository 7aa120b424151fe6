/**
 * Shared-memory layout of an instance's channel I/O (see CONTEXT.md "Streaming"). Both the
 * worker (guest side, blocking with Atomics.wait) and the host (Atomics.waitAsync, never
 * blocking) index the same Int32Arrays with these constants.
 */

/** Control block of one instance: `ctl` (Int32 slots), then the request/reply data area. */
export const C = {
  /** The worker's wake word: whoever changes something the worker may wait for bumps it. */
  WAKE: 0,
  /** The host's bell: the worker bumps it when the host should look (data, space, request). */
  HOST: 1,
  /** 0 running, 1 blocked in Atomics.wait, 2 finished. */
  STATE: 2,
  /** Set by the host to end a blocked guest: 0 none, else an ABORT reason. */
  ABORT: 3,
  /** Milliseconds the guest spent blocked on its channels (not counted against its timeout). */
  BLOCKED_MS: 4,
  /** Incremented by every completed channel operation (deadlock checks compare it). */
  PROGRESS: 5,
  /** While blocked: how many WAIT entries follow (each `channel << 2 | kind`). */
  WAIT_N: 6,
  WAIT_0: 7,
  /** Request/reply: the worker bumps REQ_SEQ after filling REQ_*, the host sets REP_SEQ to it. */
  REQ_SEQ: 16,
  REP_SEQ: 17,
  REQ_OP: 18,
  REQ_CH: 19,
  REQ_LEN: 20,
  /** Offset as two uint32 halves; REQ_AT = 0 means "no offset" (sequential). */
  REQ_AT: 21,
  REQ_OFF_LO: 22,
  REQ_OFF_HI: 23,
  /** Reply: byte count (≥ 0) or a negative IO_ERR. */
  REP_N: 24,
} as const

export const MAX_WAITS = 8
export const CTL_INTS = 32
export const CTL_HEADER = CTL_INTS * 4
/** Bytes of the request/reply data area after the control header. */
export const REPLY_BYTES = 64 * 1024
export const CTL_BYTES = CTL_HEADER + REPLY_BYTES

/** What a blocked guest waits for on a channel. */
export const WAIT_KIND = { READ: 0, WRITE: 1, REPLY: 2 } as const

export const STATE = { RUNNING: 0, BLOCKED: 1, DONE: 2 } as const

export const ABORT = { DEADLOCK: 1, CANCELLED: 2 } as const

export const OP = { READ: 1, WRITE: 2 } as const

/** Negative results of a request (and of reads on a failed source). */
export const IO_ERR = {
  /** The host could not read or write the backing store (a failed source). */
  IO: -5,
  /** The guest already closed this pipe's write end. */
  PIPE: -32,
  /** Not a seekable channel: positional access refused. */
  SPIPE: -29,
  /** The store cannot write at that offset (append-only). */
  NOTSUP: -58,
} as const

/** Ring header (Int32 slots at the ring's base), then `cap` data bytes. */
export const R = {
  /** Bytes consumed so far (mod 2^32). */
  HEAD: 0,
  /** Bytes produced so far (mod 2^32). */
  TAIL: 1,
  FLAGS: 2,
  /** Consumer waiting for at least this many bytes (0: not waiting). */
  CWAIT: 3,
  /** Producer waiting for at least this many free bytes (0: not waiting). */
  PWAIT: 4,
  /** IO_ERR the producer failed with (FLAGS.ERROR). */
  ERR: 5,
} as const

export const RING_HEADER = 32

export const FLAG = {
  /** The producer is done: EOF once the data is consumed. */
  WCLOSED: 1,
  /** The consumer is gone: writes are accepted and dropped. */
  RCLOSED: 2,
  /** The producer failed (R.ERR): the consumer gets the error once the data is consumed. */
  ERROR: 4,
} as const
