/** The 2014 sizeof job, as ZeroCloud users posted it (file_list/device spellings). */
export const SIZEOF_JOB = [
  {
    name: 'sizeof',
    exec: { path: 'swift://AUTH_admin/zerovm/sizeof.wasm', args: '1048576' },
    file_list: [
      { device: 'stdin', path: 'swift://AUTH_admin/zerovm/input.txt' },
      { device: 'stdout', path: 'swift://AUTH_admin/zerovm/output.txt' },
      { device: 'stderr' },
    ],
  },
]
