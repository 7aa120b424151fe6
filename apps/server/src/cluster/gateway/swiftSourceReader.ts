import { ZeroLabError } from '@zerolab/shared'
import type { Principal } from '../../auth/principal.ts'
import type { ReadSource } from '../../exec/readExecRequest.ts'
import { SwiftClient } from '../../swiftBackend/swiftClient.ts'
import { SwiftStore } from '../../swiftBackend/swiftStore.ts'

/** X-Zerovm-Source read from Swift with the caller's token, sized (HEAD) before reading. */
export function swiftSourceReader(proxyUrl: string, who: Principal): ReadSource {
  return async (ref, max) => {
    const store = new SwiftStore(new SwiftClient(proxyUrl, who.swiftToken))
    const where = `${ref.container}/${ref.name}`
    const info = await store.head(ref.account, ref.container, ref.name)
    if (!info) throw new ZeroLabError('NOT_FOUND', `no such object ${where}`, ref.name)
    if (info.bytes > max)
      throw new ZeroLabError(
        'PAYLOAD_TOO_LARGE',
        `${where} has ${info.bytes} bytes, over the limit of ${max}`,
        ref.name,
        { cap: max, asked: info.bytes },
      )
    const got = await store.get(ref.account, ref.container, ref.name, { start: 0, end: max - 1 })
    if (!got) throw new ZeroLabError('NOT_FOUND', `no such object ${where}`, ref.name)
    return { bytes: got.data, contentType: got.info.contentType }
  }
}
