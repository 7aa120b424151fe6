/**
 * Types a browser renders inline without running anything (text shown as text, media,
 * fonts, JSON). Everything else may be active content (HTML, SVG, XHTML, XML with an XSLT
 * stylesheet, PDF, anything unknown) and is served as an attachment: a download, never a
 * page in the app's origin.
 */
const INLINE_TYPES = new Set([
  'text/plain',
  'text/csv',
  'text/tab-separated-values',
  'text/markdown',
  'application/json',
  'application/x-ndjson',
  'application/octet-stream',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
  'image/x-icon',
  'image/vnd.microsoft.icon',
])

const INLINE_PREFIXES = ['audio/', 'video/', 'font/']

/** Whether a browser could run script in a response of this Content-Type. */
export function isActiveType(contentType: string | null): boolean {
  const t = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
  if (t === '') return false // with nosniff, an untyped body is not rendered as a page
  return !INLINE_TYPES.has(t) && !INLINE_PREFIXES.some((p) => t.startsWith(p))
}

/**
 * Makes a response that carries user content (objects, job output, shares, listings, error
 * text quoting names) unable to act as the app, whatever its type:
 * - `Content-Security-Policy: sandbox`: a page that does render gets an opaque origin, no
 *   script, no forms, no same-origin storage or cookies;
 * - `X-Content-Type-Options: nosniff`: text/plain stays text;
 * - a successful answer of an active type (see isActiveType) is an attachment: objects,
 *   and ZeroCloud job output posing as a page alike; a stored `Content-Disposition` keeps
 *   its filename but not an `inline`.
 * Every response outside the web app goes through this (app.ts middleware); code that
 * builds a response outside Hono must call it too.
 */
export function protectUserContent(headers: Headers, status: number): void {
  headers.set('Content-Security-Policy', "sandbox; default-src 'none'")
  headers.set('X-Content-Type-Options', 'nosniff')
  if (status < 200 || status >= 300) return
  if (!isActiveType(headers.get('content-type'))) return
  headers.set('Content-Disposition', attachment(headers.get('content-disposition')))
}

/** `attachment`, keeping a filename of the stored disposition. */
function attachment(stored: string | null): string {
  if (!stored) return 'attachment'
  const params = stored
    .split(';')
    .slice(1)
    .map((p) => p.trim())
    .filter((p) => /^filename\*?=/i.test(p))
  return ['attachment', ...params].join('; ')
}
