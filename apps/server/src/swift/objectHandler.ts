import { ZeroLabError } from '@zerolab/shared'
import { segmentsToDelete } from '../storage/largeObjects.ts'
import { bulkFormat, runDeletes } from './bulkDelete.ts'
import { readObject } from './objectRead.ts'
import { SegmentProblems } from '../storage/sloPut.ts'
import {
  copyObject,
  ifDeleteAt,
  noContent,
  postObject,
  problemsResponse,
  putObject,
} from './objectWrite.ts'
import { objectRef, type SwiftRequest } from './swiftRequest.ts'

/** Object GET, HEAD, PUT, POST, DELETE (+ `?multipart-manifest=delete`), COPY. */
export async function objectHandler(r: SwiftRequest): Promise<Response> {
  switch (r.method) {
    case 'GET':
    case 'HEAD':
      return readObject(r)
    case 'PUT':
    case 'COPY':
      try {
        return await (r.method === 'PUT' ? putObject(r) : copyObject(r))
      } catch (e) {
        if (e instanceof SegmentProblems) return problemsResponse(r, e)
        throw e
      }
    case 'POST':
      return postObject(r)
    case 'DELETE': {
      if (r.query.get('multipart-manifest') === 'delete') {
        const format = bulkFormat(r.header('accept')) ?? 'text/plain'
        const ref = objectRef(r)
        const items = segmentsToDelete(
          r.deps.store,
          r.who,
          r.account,
          `/${ref.container}/${ref.name}`,
        )
        return runDeletes(r, items, format)
      }
      await r.deps.store.deleteObject(r.who, objectRef(r), { ifDeleteAt: ifDeleteAt(r) })
      return noContent()
    }
    default:
      throw new ZeroLabError('METHOD_NOT_ALLOWED', `${r.method} is not allowed on an object`)
  }
}
