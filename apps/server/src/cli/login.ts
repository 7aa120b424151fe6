import { parseArgs } from 'node:util'
import { authenticate } from './client.ts'
import { usageError } from './cliError.ts'
import { writeConfig } from './config.ts'
import type { CliIo } from './io.ts'

/** `zerolab login --url U --user acct:user --key K`: saves the URL and a token (mode 0600). */
export async function loginCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' },
      user: { type: 'string' },
      key: { type: 'string' },
    },
    strict: true,
  })
  const url = values.url ?? io.env.ZEROLAB_URL
  const user = values.user ?? io.env.ZEROLAB_USER
  const key = values.key ?? io.env.ZEROLAB_KEY
  if (!url || !user || !key)
    throw usageError(
      'usage: zerolab login --url <http://host:port> --user <account:user> --key <key>',
    )
  const r = await authenticate(url, user, key)
  const file = writeConfig(io.env, r)
  io.err.write(
    `logged in to ${r.url} as ${user} (${r.storageUrl}), token valid until ${new Date(r.expiresAt).toISOString()}\n` +
      `saved to ${file}\n`,
  )
  return 0
}
