import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { CliError, EXIT } from './cliError.ts'

/** What `zerolab login` keeps: where the server is and a token (never the key). */
export interface CliConfig {
  url: string
  user: string
  token: string
  storageUrl: string
  /** Milliseconds since the epoch. */
  expiresAt: number
}

/** `$ZEROLAB_CONFIG`, else `$XDG_CONFIG_HOME/zerolab/config.json`, else `~/.config/zerolab/…`. */
function configPath(env: Record<string, string | undefined>): string {
  if (env.ZEROLAB_CONFIG) return env.ZEROLAB_CONFIG
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config')
  return join(base, 'zerolab', 'config.json')
}

export function readConfig(env: Record<string, string | undefined>): CliConfig | undefined {
  const file = configPath(env)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
  try {
    const c = JSON.parse(text) as Partial<CliConfig>
    if (
      typeof c.url === 'string' &&
      typeof c.token === 'string' &&
      typeof c.storageUrl === 'string'
    )
      return {
        url: c.url,
        user: String(c.user ?? ''),
        token: c.token,
        storageUrl: c.storageUrl,
        expiresAt: Number(c.expiresAt ?? 0),
      }
  } catch {
    // fall through
  }
  throw new CliError(
    'INVALID_REQUEST',
    `${file} is not a zerolab config; run zerolab login`,
    EXIT.usage,
  )
}

/** Writes the config readable by its owner only (0600, directory 0700). */
export function writeConfig(env: Record<string, string | undefined>, c: CliConfig): string {
  const file = configPath(env)
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  writeFileSync(file, JSON.stringify(c, null, 2) + '\n', { mode: 0o600 })
  chmodSync(file, 0o600) // an existing file keeps its old mode otherwise
  return file
}
