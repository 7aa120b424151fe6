import { expect } from 'vitest'
import type { ExecOptions } from '../../src/execution/execOptions.ts'
import { listen, openHarness, type Harness } from '../harness.ts'

/** admin and bob as in every exec test, plus `x` and an account literally named `AUTH_x`. */
export const HOSTILE_USERS = 'admin:admin:admin,bob:bob:bob,x:x:x,AUTH_x:evil:evil'

export interface Target {
  h: Harness
  /** `http://127.0.0.1:<port>` of the real server. */
  url: string
  close(): Promise<void>
}

/** A real server on a real socket (127.0.0.1, ephemeral port) with a fresh data dir. */
export async function openTarget(over: Partial<ExecOptions> = {}): Promise<Target> {
  const h = await openHarness({ exec: { poolSize: 2, ...over }, users: HOSTILE_USERS })
  const server = await listen(h.app)
  return {
    h,
    url: server.url,
    close: async () => {
      await server.close()
      await h.close()
    },
  }
}

export interface HealthProbe {
  /** Health answers received while the attack was in flight. */
  answered: number
  /** Slowest and median health latency during the attack, ms. */
  maxMs: number
  p50Ms: number
}

export interface Attacked<T> {
  result: T
  /** How long the attack request took, ms. */
  attackMs: number
  health: HealthProbe
}

/**
 * Runs `attack` while another client polls `/api/health` back to back, and measures how
 * long each health answer took. A frozen event loop shows up as one long health answer.
 */
export async function underAttack<T>(url: string, attack: () => Promise<T>): Promise<Attacked<T>> {
  let done = false
  const latencies: number[] = []
  const probe = (async () => {
    while (!done) {
      const t0 = performance.now()
      const r = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(60_000) })
      await r.arrayBuffer()
      if (!done || latencies.length === 0) latencies.push(performance.now() - t0)
      await new Promise((ok) => setTimeout(ok, 5))
    }
  })()
  const t0 = performance.now()
  let result: T
  try {
    result = await attack()
  } finally {
    done = true
  }
  const attackMs = performance.now() - t0
  await probe
  const sorted = [...latencies].sort((a, b) => a - b)
  return {
    result,
    attackMs,
    health: {
      answered: latencies.length,
      maxMs: sorted[sorted.length - 1] ?? 0,
      p50Ms: sorted[Math.floor(sorted.length / 2)] ?? 0,
    },
  }
}

/**
 * The server stayed responsive: health answered during the attack, never slower than a bound
 * loose enough for a slow shared CI machine yet far below a frozen loop (seconds).
 */
export function expectResponsive(a: Attacked<unknown>, what: string): void {
  expect(a.health.answered, `${what}: health answered`).toBeGreaterThan(0)
  expect(a.health.maxMs, `${what}: slowest health answer`).toBeLessThan(1500)
}

export interface ApiCall {
  status: number
  headers: Headers
  body: Record<string, unknown>
}

/** One JSON API call with `token`. */
export async function api(
  t: Target,
  method: string,
  path: string,
  o: { token?: string | null; body?: unknown; raw?: string } = {},
): Promise<ApiCall> {
  const headers: Record<string, string> = {}
  const token = o.token === undefined ? t.h.admin.token : o.token
  if (token) headers['X-Auth-Token'] = token
  const init: RequestInit = { method, headers }
  if (o.body !== undefined || o.raw !== undefined) {
    headers['Content-Type'] = 'application/json'
    init.body = o.raw ?? JSON.stringify(o.body)
  }
  const r = await fetch(`${t.url}${path}`, init)
  const text = await r.text()
  let body: Record<string, unknown> = {}
  try {
    body = JSON.parse(text) as Record<string, unknown>
  } catch {
    body = { text }
  }
  return { status: r.status, headers: r.headers, body }
}

/** ZeroCloud execution of `job` as `token` (default admin), synchronously. */
export async function execute(
  t: Target,
  job: unknown,
  token = t.h.admin.token,
  account = 'AUTH_admin',
): Promise<Response> {
  return fetch(`${t.url}/v1/${account}`, {
    method: 'POST',
    headers: {
      'X-Zerovm-Execute': '1.0',
      'X-Auth-Token': token,
      'Content-Type': 'application/json',
    },
    body: typeof job === 'string' ? job : JSON.stringify(job),
  })
}

/** A trivial job: one JavaScript instance printing a line. */
export const NORMAL_JOB = [
  {
    name: 'victim',
    exec: { source: "console.log('still serving')" },
    devices: [{ name: 'stdout' }],
  },
]

/** A normal user's trivial job still runs to `ok` (bob, another account than the attacker). */
export async function expectNormalJobRuns(t: Target): Promise<void> {
  const r = await execute(t, NORMAL_JOB, t.h.bob.token, 'AUTH_bob')
  expect(r.status).toBe(200)
  expect(r.headers.get('x-nexe-status')).toBe('ok')
  expect(await r.text()).toBe('still serving\n')
}

/** The error body of a JSON API answer. */
export function errorOf(c: ApiCall): { code: string; path?: string; limit?: unknown } {
  return (c.body as { error: { code: string; path?: string; limit?: unknown } }).error
}
