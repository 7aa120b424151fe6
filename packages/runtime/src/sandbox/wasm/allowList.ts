/**
 * The only imports a `wasm` image module may have: wasi_snapshot_preview1 functions this
 * image provides. Sockets are deliberately absent, so a module linking them is rejected.
 */
const WASI_MODULE = 'wasi_snapshot_preview1'

export const ALLOWED_IMPORTS: ReadonlySet<string> = new Set([
  'args_get',
  'args_sizes_get',
  'environ_get',
  'environ_sizes_get',
  'clock_res_get',
  'clock_time_get',
  'fd_advise',
  'fd_allocate',
  'fd_close',
  'fd_datasync',
  'fd_fdstat_get',
  'fd_fdstat_set_flags',
  'fd_fdstat_set_rights',
  'fd_filestat_get',
  'fd_filestat_set_size',
  'fd_filestat_set_times',
  'fd_pread',
  'fd_prestat_get',
  'fd_prestat_dir_name',
  'fd_pwrite',
  'fd_read',
  'fd_readdir',
  'fd_renumber',
  'fd_seek',
  'fd_sync',
  'fd_tell',
  'fd_write',
  'path_create_directory',
  'path_filestat_get',
  'path_filestat_set_times',
  'path_link',
  'path_open',
  'path_readlink',
  'path_remove_directory',
  'path_rename',
  'path_symlink',
  'path_unlink_file',
  'poll_oneoff',
  'proc_exit',
  'proc_raise',
  'random_get',
  'sched_yield',
])

/**
 * Socket calls wasi-libc links when a program mentions accept/recv/send (CPython's `_socket`
 * does). Allowed for the python image only; they answer ENOTSOCK, as no fd is a socket.
 */
export const SOCKET_IMPORTS: ReadonlySet<string> = new Set([
  'sock_accept',
  'sock_recv',
  'sock_send',
  'sock_shutdown',
])

/**
 * Names the first import outside the allow-list (plus `extra`), or returns undefined when all
 * are allowed.
 */
export function forbiddenImport(
  module: WebAssembly.Module,
  extra?: ReadonlySet<string>,
): string | undefined {
  for (const imp of WebAssembly.Module.imports(module)) {
    const known = ALLOWED_IMPORTS.has(imp.name) || extra?.has(imp.name) === true
    if (imp.module !== WASI_MODULE || imp.kind !== 'function' || !known) {
      return `module "${imp.module}" import "${imp.name}" is not allowed`
    }
  }
  return undefined
}
