import { ensureWebBuilt, startServer } from './server.ts'

/** One real server for the whole run; tests read its URL from ZL_BASE_URL. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  ensureWebBuilt()
  const server = await startServer()
  process.env.ZL_BASE_URL = server.url
  return () => server.stop()
}
