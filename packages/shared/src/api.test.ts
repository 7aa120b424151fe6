import { describe, expect, it } from 'vitest'
import { errorFromResponse, type ResponseLike } from './api.ts'
import { ERROR_CODES, statusToCode, type ErrorCode } from './errors.ts'

const response = (status: number, body: string, headers: Record<string, string> = {}) =>
  ({
    status,
    statusText: { 403: 'Forbidden', 404: 'Not Found', 502: 'Bad Gateway' }[status] ?? '',
    headers: { get: (n: string) => headers[n.toLowerCase()] ?? null },
    text: async () => body,
  }) satisfies ResponseLike

describe('statusToCode', () => {
  it('inverts ERROR_CODES: the one code of a status, the canonical one of a shared status', () => {
    for (const [code, status] of Object.entries(ERROR_CODES)) {
      const back = statusToCode(status)
      expect(ERROR_CODES[back]).toBe(status)
      if (Object.values(ERROR_CODES).filter((s) => s === status).length === 1)
        expect(back).toBe(code as ErrorCode)
    }
    expect([statusToCode(400), statusToCode(413), statusToCode(422)]).toEqual([
      'INVALID_REQUEST',
      'PAYLOAD_TOO_LARGE',
      'UNSUPPORTED',
    ])
    expect([statusToCode(418), statusToCode(502)]).toEqual(['INVALID_REQUEST', 'INTERNAL'])
  })
})

describe('errorFromResponse', () => {
  it('takes the code from X-Error-Code first, the message and path from the JSON body', async () => {
    const e = await errorFromResponse(
      response(
        400,
        JSON.stringify({
          error: { code: 'INVALID_JOB', message: 'groups[0].name: required', path: 'groups[0]' },
        }),
        { 'x-error-code': 'INVALID_JOB', 'x-error-path': 'groups%5B0%5D' },
      ),
      'submit',
    )
    expect(e.toWire()).toEqual({
      code: 'INVALID_JOB',
      message: 'groups[0].name: required',
      path: 'groups[0]',
    })
  })

  it('reads the code and limit from the JSON body when there is no header', async () => {
    const body = { error: { code: 'QUOTA_EXCEEDED', message: 'over', limit: { cap: 2, asked: 3 } } }
    const e = await errorFromResponse(response(413, JSON.stringify(body)))
    expect(e.code).toBe('QUOTA_EXCEEDED')
    expect(e.limit).toEqual({ cap: 2, asked: 3 })
  })

  it('makes a plain-text Swift 403 FORBIDDEN, with the text as the message', async () => {
    const e = await errorFromResponse(
      response(403, '<html><h1>Forbidden</h1><p>Access was denied to this resource.</p></html>'),
      'object',
    )
    expect(e.code).toBe('FORBIDDEN')
    expect(e.message).toBe(
      'object: <html><h1>Forbidden</h1><p>Access was denied to this resource.</p></html>',
    )
    const bare = await errorFromResponse(response(404, ''))
    expect([bare.code, bare.message]).toEqual(['NOT_FOUND', 'Not Found'])
    const what = await errorFromResponse(response(502, ''), 'job history')
    expect([what.code, what.message]).toEqual(['INTERNAL', 'job history: HTTP 502'])
  })

  it('keeps the path of X-Error-Path, percent-decoded', async () => {
    const e = await errorFromResponse(
      response(404, 'no object c/ö\n', {
        'x-error-code': 'NOT_FOUND',
        'x-error-path': 'c%2F%C3%B6',
      }),
    )
    expect(e.toWire()).toEqual({ code: 'NOT_FOUND', message: 'no object c/ö', path: 'c/ö' })
  })
})
