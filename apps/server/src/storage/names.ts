import { ZeroLabError } from '@zerolab/shared'
import type { ServerLimits } from '../config.ts'

const utf8Len = (s: string): number => Buffer.byteLength(s, 'utf8')

function common(kind: string, name: string): void {
  if (name.includes('\0')) throw new ZeroLabError('INVALID_NAME', `${kind} name contains NUL`, name)
  if (/[\uD800-\uDFFF]/u.test(name.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))) {
    throw new ZeroLabError('INVALID_NAME', `${kind} name is not valid UTF-8`, name)
  }
}

export function validateContainerName(name: string, limits: ServerLimits): void {
  common('container', name)
  if (name === '' || name.includes('/')) {
    throw new ZeroLabError('INVALID_NAME', 'container name must be non-empty and hold no "/"', name)
  }
  if (utf8Len(name) > limits.maxContainerNameBytes) {
    throw new ZeroLabError(
      'INVALID_NAME',
      `container name length of ${utf8Len(name)} longer than ${limits.maxContainerNameBytes}`,
      name.slice(0, 64),
    )
  }
}

/**
 * Objects are stored by id, so no name can escape the data dir; `.`/`..` segments are still
 * refused so a name means the same thing to every client and URL normalizer.
 */
export function validateObjectName(name: string, limits: ServerLimits): void {
  common('object', name)
  if (name === '') throw new ZeroLabError('INVALID_NAME', 'object name is empty', name)
  if (utf8Len(name) > limits.maxObjectNameBytes) {
    throw new ZeroLabError(
      'INVALID_NAME',
      `object name length of ${utf8Len(name)} longer than ${limits.maxObjectNameBytes}`,
      name.slice(0, 64),
    )
  }
  if (name.split('/').some((seg) => seg === '.' || seg === '..')) {
    throw new ZeroLabError('INVALID_NAME', 'object name has a "." or ".." segment', name)
  }
}
