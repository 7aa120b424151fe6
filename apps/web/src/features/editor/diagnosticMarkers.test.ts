import { describe, expect, it } from 'vitest'
import { diagnosticMarkers } from './diagnosticMarkers.ts'

describe('diagnosticMarkers', () => {
  const source = 'int main(void) {\n  return missing;\n}\n'

  it('puts a diagnostic at its line and column, over the word there', () => {
    const [m] = diagnosticMarkers(source, [
      { severity: 'error', line: 2, column: 10, message: "use of undeclared identifier 'missing'" },
    ])
    expect(source.slice(m!.start, m!.end)).toBe('missing')
    expect(m).toMatchObject({
      severity: 'error',
      message: "use of undeclared identifier 'missing'",
    })
  })

  it('keeps warnings and notes apart, marks at least one character, skips position-less ones', () => {
    const ms = diagnosticMarkers(source, [
      { severity: 'warning', line: 1, column: 16, message: 'w' },
      { severity: 'note', line: 3, column: 1, message: 'n' },
      { severity: 'error', line: 0, column: 0, message: 'undefined symbol: f' },
      { severity: 'error', line: 40, column: 1, message: 'past the end' },
    ])
    expect(ms.map((m) => [m.severity, source.slice(m.start, m.end)])).toEqual([
      ['warning', '{'],
      ['info', '}'],
    ])
  })
})
