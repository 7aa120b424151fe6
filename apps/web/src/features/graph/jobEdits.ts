/** Pure edits of a job document, one per designer gesture. */
import { ZeroLabError } from '@zerolab/shared'
import type { GroupDoc, JobDocument } from '../../state/jobDocument.ts'

export type NewNodeKind = 'js' | 'ts' | 'python' | 'c' | 'cpp' | 'wasm'

/** A new C stage: copies stdin to stdout upper-cased, with the <zerolab.h> helpers at hand. */
export const C_STARTER = `#include <zerolab.h>
#include <ctype.h>

int main(void) {
  size_t len = 0;
  char *text = zl_read("stdin", &len);
  if (!text) return 1;
  for (size_t i = 0; i < len; i++) putchar(toupper((unsigned char)text[i]));
  free(text);
  return 0;
}
`

const CPP_STARTER = `#include <zerolab.h>
#include <iostream>
#include <string>

int main() {
  std::string line;
  size_t lines = 0;
  while (std::getline(std::cin, line)) lines++;
  std::cout << lines << " lines\\n";
  return 0;
}
`

/** A new Python stage: upper-cases stdin, with the `zerolab` channel helpers at hand. */
export const PYTHON_STARTER = `import zerolab

for line in zerolab.lines('stdin'):
    zerolab.write('stdout', line.upper())
`

const TEMPLATES: Record<NewNodeKind, (name: string) => GroupDoc['exec']> = {
  js: () => ({
    image: 'js',
    lang: 'js',
    source: "const text = zerolab.read('stdin')\nzerolab.write('stdout', text.toUpperCase())\n",
  }),
  ts: () => ({
    image: 'js',
    lang: 'ts',
    source:
      "const text: string = zerolab.read('stdin')\nconst lines: string[] = text.split('\\n')\nconsole.log(`${lines.length} lines`)\n",
  }),
  python: () => ({ image: 'python', source: PYTHON_STARTER }),
  c: () => ({ image: 'wasm', lang: 'c', source: C_STARTER }),
  cpp: () => ({ image: 'wasm', lang: 'cpp', source: CPP_STARTER }),
  wasm: (name) => ({ image: 'wasm', path: `swift://~/apps/${name}.wasm` }),
}

const NAME_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/

export function nameProblem(job: JobDocument, name: string, except?: string): string | null {
  if (!NAME_RE.test(name)) return 'use letters, digits, "_", "-" or "." (no spaces or "/")'
  if (job.groups.some((g) => g.name === name && g.name !== except)) return `"${name}" is taken`
  return null
}

/** `stage-1`, `stage-2`, …: the first number not taken. */
export function numberedName(job: JobDocument, base: string): string {
  const taken = new Set(job.groups.map((g) => g.name))
  for (let i = 1; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`
}

export function addGroup(
  job: JobDocument,
  kind: NewNodeKind,
  position: { x: number; y: number },
): { job: JobDocument; name: string } {
  const name = numberedName(job, kind === 'wasm' ? 'program' : 'stage')
  const group: GroupDoc = {
    name,
    exec: TEMPLATES[kind](name),
    devices: [{ name: 'stdout' }],
    ui: { x: Math.round(position.x), y: Math.round(position.y) },
  }
  return { job: { ...job, groups: [...job.groups, group] }, name }
}

export function removeGroups(job: JobDocument, names: string[]): JobDocument {
  const gone = new Set(names)
  return {
    ...job,
    groups: job.groups
      .filter((g) => !gone.has(g.name))
      .map((g) =>
        g.connect?.some((c) => gone.has(c))
          ? withConnect(
              g,
              g.connect.filter((c) => !gone.has(c)),
            )
          : g,
      ),
  }
}

export function renameGroup(job: JobDocument, from: string, to: string): JobDocument {
  if (from === to) return job
  const problem = nameProblem(job, to, from)
  if (problem) throw new ZeroLabError('INVALID_NAME', `cannot rename "${from}": ${problem}`)
  return {
    ...job,
    groups: job.groups.map((g) => {
      const renamed = g.name === from ? { ...g, name: to } : g
      return renamed.connect?.includes(from)
        ? { ...renamed, connect: renamed.connect.map((c) => (c === from ? to : c)) }
        : renamed
    }),
  }
}

export function connectGroups(job: JobDocument, source: string, target: string): JobDocument {
  if (source === target) return job
  return mapGroup(job, source, (g) =>
    g.connect?.includes(target) ? g : withConnect(g, [...(g.connect ?? []), target]),
  )
}

export function disconnectGroups(job: JobDocument, source: string, target: string): JobDocument {
  return mapGroup(job, source, (g) =>
    withConnect(
      g,
      (g.connect ?? []).filter((c) => c !== target),
    ),
  )
}

export function moveGroups(
  job: JobDocument,
  moves: Map<string, { x: number; y: number }>,
): JobDocument {
  return {
    ...job,
    groups: job.groups.map((g) => {
      const p = moves.get(g.name)
      return p ? { ...g, ui: { x: Math.round(p.x), y: Math.round(p.y) } } : g
    }),
  }
}

export function mapGroup(
  job: JobDocument,
  name: string,
  fn: (g: GroupDoc) => GroupDoc,
): JobDocument {
  return { ...job, groups: job.groups.map((g) => (g.name === name ? fn(g) : g)) }
}

function withConnect(g: GroupDoc, connect: string[]): GroupDoc {
  if (connect.length) return { ...g, connect }
  const { connect: _drop, ...rest } = g
  return rest as GroupDoc
}
