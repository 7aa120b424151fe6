import { ZeroLabError } from '@zerolab/shared'

export interface SwiftPath {
  account: string
  container: string | undefined
  object: string | undefined
}

/**
 * Splits `/v1/<account>[/<container>[/<object>]]` the way Swift does: the path is
 * percent-decoded first, so `%2F` in a name becomes a `/` of the object name.
 */
export function parseSwiftPath(rawPath: string): SwiftPath {
  let path: string
  try {
    path = decodeURIComponent(rawPath)
  } catch {
    throw new ZeroLabError('PRECONDITION_FAILED', 'Invalid UTF8 or contains NULL', rawPath)
  }
  // Swift's check_utf8 on the path: 412, not 400.
  if (path.includes('\0'))
    throw new ZeroLabError('PRECONDITION_FAILED', 'Invalid UTF8 or contains NULL', rawPath)
  const rest = path.replace(/^\/v1\//, '')
  const a = rest.indexOf('/')
  const account = a < 0 ? rest : rest.slice(0, a)
  if (!account) throw new ZeroLabError('NOT_FOUND', 'no account in path', rawPath)
  if (a < 0) return { account, container: undefined, object: undefined }
  const afterA = rest.slice(a + 1)
  const b = afterA.indexOf('/')
  const container = b < 0 ? afterA : afterA.slice(0, b)
  const object = b < 0 ? '' : afterA.slice(b + 1)
  if (!container) {
    if (object) throw new ZeroLabError('INVALID_NAME', 'empty container name', rawPath)
    return { account, container: undefined, object: undefined }
  }
  return { account, container, object: object || undefined }
}
