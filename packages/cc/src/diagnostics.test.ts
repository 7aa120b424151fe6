import { describe, expect, it } from 'vitest'
import { parseDiagnostics } from './diagnostics.ts'

describe('parseDiagnostics', () => {
  it('reads file:line:col messages of the stage, caret lines skipped', () => {
    const log = [
      "stage.c:2:11: error: use of undeclared identifier 'y'",
      '    2 |   int x = y;',
      '      |           ^',
      "stage.c:3:11: error: expected ';' after return statement",
      "stage.c:5:7: warning: unused variable 'z' [-Wunused-variable]",
      'stage.c:1:1: note: previous definition is here',
      'stage.c:9:1: fatal error: too many errors emitted, stopping now [-ferror-limit=]',
      '2 errors generated.',
    ].join('\n')
    expect(parseDiagnostics(log, 'stage.c')).toEqual([
      { severity: 'error', line: 2, column: 11, message: "use of undeclared identifier 'y'" },
      { severity: 'error', line: 3, column: 11, message: "expected ';' after return statement" },
      {
        severity: 'warning',
        line: 5,
        column: 7,
        message: "unused variable 'z' [-Wunused-variable]",
      },
      { severity: 'note', line: 1, column: 1, message: 'previous definition is here' },
      {
        severity: 'error',
        line: 9,
        column: 1,
        message: 'too many errors emitted, stopping now [-ferror-limit=]',
      },
    ])
  })

  it('places a message about a header at the #include that pulled it in', () => {
    const log = [
      'In file included from stage.cpp:4:',
      "zerolab/include/zerolab.h:40:3: error: unknown type name 'bogus'",
    ].join('\n')
    expect(parseDiagnostics(log, 'stage.cpp')).toEqual([
      {
        severity: 'error',
        line: 4,
        column: 1,
        message: "zerolab/include/zerolab.h:40:3: unknown type name 'bogus'",
        file: 'zerolab/include/zerolab.h',
      },
    ])
  })

  it('keeps linker and driver errors without a position', () => {
    const log = [
      'wasm-ld: error: /tmp/stage-1.o: undefined symbol: frobnicate',
      'clang: error: linker command failed with exit code 1 (use -v to see invocation)',
    ].join('\n')
    expect(parseDiagnostics(log, 'stage.c')).toEqual([
      {
        severity: 'error',
        line: 0,
        column: 0,
        message: '/tmp/stage-1.o: undefined symbol: frobnicate',
      },
      {
        severity: 'error',
        line: 0,
        column: 0,
        message: 'linker command failed with exit code 1 (use -v to see invocation)',
      },
    ])
  })
})
