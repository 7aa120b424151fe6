import { describe, expect, it } from 'vitest'
import { isActiveType, protectUserContent } from './userContent.ts'

describe('protectUserContent', () => {
  it('treats anything a browser could run as active, passive types as inline', () => {
    for (const t of [
      'text/html',
      'TEXT/HTML; charset=utf-8',
      'image/svg+xml',
      'application/xhtml+xml',
      'text/xml',
      'application/xml',
      'application/pdf',
      'text/javascript',
      'application/x-unknown',
    ])
      expect(isActiveType(t), t).toBe(true)
    for (const t of [
      'text/plain; charset=utf-8',
      'application/json',
      'image/png',
      'video/mp4',
      '',
      null,
    ])
      expect(isActiveType(t), String(t)).toBe(false)
  })

  it('sandboxes every answer and makes active ones attachments, keeping a filename', () => {
    const h = new Headers({
      'Content-Type': 'text/html',
      'Content-Disposition': 'inline; filename="x.html"; size=3',
    })
    protectUserContent(h, 200)
    expect(h.get('content-security-policy')).toBe("sandbox; default-src 'none'")
    expect(h.get('x-content-type-options')).toBe('nosniff')
    expect(h.get('content-disposition')).toBe('attachment; filename="x.html"')
    const err = new Headers({ 'Content-Type': 'text/html' })
    protectUserContent(err, 404)
    expect(err.get('content-disposition')).toBeNull()
    expect(err.get('content-security-policy')).toMatch(/^sandbox/)
  })
})
