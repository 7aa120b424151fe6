const TYPES: Record<string, string> = {
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  js: 'application/javascript',
  mjs: 'application/javascript',
  ts: 'application/typescript',
  json: 'application/json',
  xml: 'application/xml',
  wasm: 'application/wasm',
  nexe: 'application/x-nexe',
  tar: 'application/x-tar',
  gz: 'application/x-gzip',
  tgz: 'application/x-gzip',
  zip: 'application/zip',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  c: 'text/x-c',
  h: 'text/x-c',
  py: 'text/x-python',
}

/** Swift guesses the type from the name's extension when the client sends none. */
export function guessContentType(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1)
  const dot = base.lastIndexOf('.')
  const ext = dot < 0 ? '' : base.slice(dot + 1).toLowerCase()
  return TYPES[ext] ?? 'application/octet-stream'
}
