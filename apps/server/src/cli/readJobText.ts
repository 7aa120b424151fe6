import { CliError, EXIT } from './cliError.ts'
import { readLocal } from './objects.ts'

/** A job file's text, checked to be JSON before it is sent (the server validates the rest). */
export function readJobText(file: string): string {
  const text = new TextDecoder().decode(readLocal(file))
  try {
    JSON.parse(text)
  } catch (e) {
    throw new CliError(
      'INVALID_JOB',
      `${file} is not JSON: ${(e as Error).message}`,
      EXIT.usage,
      '$',
    )
  }
  return text
}
