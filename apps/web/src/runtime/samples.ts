import type { SampleObject } from './seedStore.ts'

/** Bump when the sample set changes, so existing browsers get the new objects. */
export const SAMPLES_VERSION = '1'

const TEXTS: Record<string, string> = {
  'zerovm.txt': `ZeroVM started processes in the order of five milliseconds.
Each process ran one program with its own channels and nothing else.
The sandbox had no clock that leaked the host and no network.
The same program with the same inputs gave the same outputs.
`,
  'zerocloud.txt': `ZeroCloud put the sandbox next to the objects in the store.
A job was a list of groups; each group ran one program on many objects.
The map groups read the objects and the reduce group read the map groups.
Bring the program to the data and not the data to the program.
`,
  'playground.txt': `The playground runs the same sandbox in the browser and on the server.
Draw the job as a graph, write the program, and run it on the data.
Run it again and the outputs carry the same ETags as the last run.
`,
}

function accessLog(day: number, lines: number): string {
  const paths = ['/', '/docs', '/api/jobs', '/v1/AUTH_demo/books', '/favicon.ico', '/login']
  const codes = [200, 200, 200, 304, 404, 500, 201]
  let seed = day * 7919
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % n
  }
  const out: string[] = []
  for (let i = 0; i < lines; i++) {
    const ip = `10.0.${next(4)}.${1 + next(250)}`
    const t = `2009-11-${String(10 + day).padStart(2, '0')}T${String(next(24)).padStart(2, '0')}:${String(next(60)).padStart(2, '0')}:00Z`
    const method = next(5) === 0 ? 'POST' : 'GET'
    out.push(
      `${ip} ${t} ${method} ${paths[next(paths.length)]} ${codes[next(codes.length)]} ${100 + next(9000)}`,
    )
  }
  return out.join('\n') + '\n'
}

function numbers(seed0: number, n: number): string {
  let seed = seed0
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    seed = (seed * 48271) % 2147483647
    out.push(seed % 10000)
  }
  return out.join('\n') + '\n'
}

export const SAMPLE_OBJECTS: SampleObject[] = [
  ...Object.entries(TEXTS).map(([name, data]) => ({ container: 'books', name, data })),
  { container: 'logs', name: 'access-1.log', data: accessLog(1, 60) },
  { container: 'logs', name: 'access-2.log', data: accessLog(2, 60) },
  { container: 'numbers', name: 'part-1.txt', data: numbers(17, 100) },
  { container: 'numbers', name: 'part-2.txt', data: numbers(29, 100) },
]
