/**
 * Background processes that outlive the command that started them, each recorded as
 * `<run>/<name>.pid` (pid and kernel start time, so a reused pid is never killed) with its
 * output in `<logs>/<name>.log`.
 */
import { spawn } from 'node:child_process'
import { closeSync, existsSync, openSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface DaemonDirs {
  run: string
  logs: string
}

/** Field 22 of /proc/<pid>/stat: start time in clock ticks since boot; undefined if gone. */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // comm (field 2) may hold spaces and parentheses: fields resume after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
  } catch {
    return undefined
  }
}

export function startDaemon(
  dirs: DaemonDirs,
  o: { name: string; cmd: string; args: string[]; env?: NodeJS.ProcessEnv; cwd?: string },
): number {
  const log = openSync(join(dirs.logs, `${o.name}.log`), 'a')
  try {
    const p = spawn(o.cmd, o.args, {
      detached: true, // own process group: `stop` signals it and anything it forked
      stdio: ['ignore', log, log],
      env: o.env ?? process.env,
      ...(o.cwd ? { cwd: o.cwd } : {}),
    })
    if (p.pid === undefined) throw new Error(`could not start ${o.cmd}`)
    p.unref()
    writeFileSync(join(dirs.run, `${o.name}.pid`), `${p.pid} ${startTime(p.pid) ?? ''}\n`)
    return p.pid
  } finally {
    closeSync(log)
  }
}

/** The live pid recorded for `name`, or undefined when it is not running (or was reused). */
export function daemonPid(dirs: DaemonDirs, name: string): number | undefined {
  const file = join(dirs.run, `${name}.pid`)
  if (!existsSync(file)) return undefined
  const [pid, started] = readFileSync(file, 'utf8').trim().split(' ')
  const n = Number(pid)
  if (!Number.isInteger(n) || n <= 0) return undefined
  const now = startTime(n)
  return now !== undefined && (!started || now === started) ? n : undefined
}

const alive = (pid: number): boolean => startTime(pid) !== undefined

function signalGroup(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig)
  } catch {
    try {
      process.kill(pid, sig)
    } catch {
      // gone
    }
  }
}

/** SIGTERM, then SIGKILL after `graceMs`: resolves when the process is gone. */
export async function stopPid(
  pid: number,
  sig: NodeJS.Signals = 'SIGTERM',
  graceMs = 5000,
): Promise<void> {
  signalGroup(pid, sig)
  const end = Date.now() + graceMs
  while (alive(pid) && Date.now() < end) await new Promise((ok) => setTimeout(ok, 50))
  if (alive(pid)) {
    signalGroup(pid, 'SIGKILL')
    while (alive(pid)) await new Promise((ok) => setTimeout(ok, 20))
  }
}

export async function stopDaemon(
  dirs: DaemonDirs,
  name: string,
  sig?: NodeJS.Signals,
): Promise<void> {
  const pid = daemonPid(dirs, name)
  if (pid !== undefined) await stopPid(pid, sig)
}

/** Stops every process recorded under `dirs.run`, all at once. */
export async function stopAllDaemons(dirs: DaemonDirs, sig?: NodeJS.Signals): Promise<void> {
  if (!existsSync(dirs.run)) return
  const names = readdirSync(dirs.run)
    .filter((f) => f.endsWith('.pid'))
    .map((f) => f.slice(0, -'.pid'.length))
  await Promise.all(names.map((n) => stopDaemon(dirs, n, sig)))
}

/** The last `bytes` of a daemon's log (for error messages). */
export function logTail(dirs: DaemonDirs, name: string, bytes = 2000): string {
  try {
    const text = readFileSync(join(dirs.logs, `${name}.log`), 'utf8')
    return text.slice(-bytes)
  } catch {
    return ''
  }
}
