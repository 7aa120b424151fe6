import { ZeroLabError } from '@zerolab/shared'
import type { Principal } from '../../auth/principal.ts'
import type { ReadSource } from '../../exec/readExecRequest.ts'
import { SwiftClient } from '../../swiftBackend/swiftClient.ts'
import { SwiftStore } from '../../swiftBackend/swiftStore.ts'

/** X-Zerovm-Source read from Swift with the caller's token; one byte past `max` is enough to refuse. */
export function swiftSourceReader(proxyUrl: string, who: Principal, max: number): ReadSource {
  return async (ref) => {
    const store = new SwiftStore(new SwiftClient(proxyUrl, who.swiftToken))
    const got = await store.get(ref.account, ref.container, ref.name, { start: 0, end: max })
    if (!got)
      throw new ZeroLabError(
        'NOT_FOUND',
        `no such object ${ref.account}/${ref.container}/${ref.name}`,
        'X-Zerovm-Source',
      )
    return { bytes: got.data, contentType: got.info.contentType }
  }
}
