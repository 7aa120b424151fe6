/** WASI preview1 constants used by the wasm image (wasi_snapshot_preview1 witx). */
export const E = {
  SUCCESS: 0,
  ACCES: 2,
  BADF: 8,
  DQUOT: 19,
  EXIST: 20,
  FAULT: 21,
  INVAL: 28,
  IO: 29,
  ISDIR: 31,
  NAMETOOLONG: 37,
  NOENT: 44,
  NOSYS: 52,
  NOTDIR: 54,
  NOTSOCK: 57,
  NOTSUP: 58,
  PIPE: 64,
  ROFS: 69,
  SPIPE: 70,
  NOTCAPABLE: 76,
} as const

export const FILETYPE = { UNKNOWN: 0, CHARACTER_DEVICE: 2, DIRECTORY: 3, REGULAR_FILE: 4 } as const

export const OFLAGS = { CREAT: 1, DIRECTORY: 2, EXCL: 4, TRUNC: 8 } as const

export const WHENCE = { SET: 0, CUR: 1, END: 2 } as const

export const CLOCK = { REALTIME: 0, MONOTONIC: 1, PROCESS_CPUTIME: 2, THREAD_CPUTIME: 3 } as const

/** Every right; channels are not restricted by rights but by their mode and limits. */
export const ALL_RIGHTS = 0x1fffffffn
