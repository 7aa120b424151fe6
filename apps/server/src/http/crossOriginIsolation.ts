/**
 * Makes the web app's page cross-origin isolated, so SharedArrayBuffer exists there: the
 * runtime's channels block a guest's worker on a shared ring (Atomics.wait) while the page
 * fills or drains it. Sent on every web-app answer (the document, its scripts and workers);
 * the Vite dev and preview servers send the same (apps/web/vite.config.ts).
 */
export const CROSS_ORIGIN_ISOLATION: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
}

export function isolateCrossOrigin(headers: Headers): void {
  for (const [name, value] of Object.entries(CROSS_ORIGIN_ISOLATION)) headers.set(name, value)
}
