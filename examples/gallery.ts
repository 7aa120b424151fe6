/**
 * The examples as the web gallery bundles them (Vite's import.meta.glob: bundler-only, so
 * this file is typechecked by the web app, not by this package): every `<id>/job.json`, the
 * JS/TS programs next to them (loaded on demand) and the README's table of descriptions.
 */
export const jobFiles: Record<string, unknown> = import.meta.glob<unknown>('./*/job.json', {
  eager: true,
  import: 'default',
})

export const programFiles: Record<string, () => Promise<string>> = import.meta.glob<string>(
  ['./*/*.{js,ts,mjs}', '!**/*.test.ts', '!**/*.bench.ts'],
  { query: '?raw', import: 'default' },
)

export const readme: string | undefined = Object.values(
  import.meta.glob<string>('./README.md', { eager: true, query: '?raw', import: 'default' }),
)[0]
