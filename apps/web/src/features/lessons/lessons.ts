/**
 * Guided lessons as data: from a one-node job to a map-reduce on the cluster. Every step that
 * asks you to do something has a check over what really happened (the job's shape, its code,
 * the runs of the job as it is now); a check answers null when the step is done, else a hint
 * that says what is missing or wrong. Pure: the panel supplies the context.
 */
import type { Determinism, RunView } from '../runs/index.ts'
import type { GroupDoc, JobDocument } from '../../state/jobDocument.ts'
import { deviceName, groupDevices } from '../../state/jobDocument.ts'

export interface LessonContext {
  job: JobDocument
  /** Finished runs of the job exactly as it is now (code, devices, args), newest first. */
  runs: RunView[]
  /** How the latest run's output ETags compare with the run before it. */
  determinism: Determinism | null
  signedIn: boolean
}

export type Check = (c: LessonContext) => string | null

export interface LessonStep {
  title: string
  /** Paragraphs; `backticks` render as code. */
  body: string[]
  /** A job this step opens when you first reach it, or an example by id. */
  job?: () => JobDocument
  example?: string
  check?: Check
}

export interface Lesson {
  id: string
  title: string
  summary: string
  steps: LessonStep[]
}

const js = (source: string) => ({ image: 'js' as const, source })

const group = (c: LessonContext, name: string): GroupDoc | undefined =>
  c.job.groups.find((g) => g.name === name)

const stdoutOf = (run: RunView, group: string): string =>
  run.order
    .map((n) => run.instances[n]!)
    .filter((i) => i.group === group)
    .map((i) => i.stdout ?? '')
    .join('')

/** The newest run of the job as it is now that ended ok (on `target`, if given). */
const okRun = (c: LessonContext, target?: RunView['target']): RunView | undefined =>
  c.runs.find((r) => r.phase === 'ok' && (target === undefined || r.target === target))

/** "Run it" with the reason a failed run failed. */
function ranOk(c: LessonContext, target?: RunView['target']): string | null {
  if (okRun(c, target)) return null
  const last = c.runs.find((r) => target === undefined || r.target === target)
  const how = target === 'cluster' ? '☁ Run on cluster' : '▶ Run (or Ctrl+Enter)'
  if (!last) return `Press ${how}: nothing has run since the job last changed.`
  const bad = last.order.map((n) => last.instances[n]!).find((i) => i.phase !== 'ok')
  return `The last run ended ${last.phase}${bad ? ` (${bad.name}: ${bad.message ?? bad.phase})` : ''}: look at its stderr in Results, fix it and run again.`
}

const all =
  (...checks: Check[]): Check =>
  (c) => {
    for (const check of checks) {
      const hint = check(c)
      if (hint) return hint
    }
    return null
  }

export const HELLO_SOURCE =
  "console.log('hello from ' + zerolab.name)\nzerolab.write('stdout', 'args: ' + zerolab.args.join(' ') + '\\n')\n"

const helloJob = (): JobDocument => ({
  version: 1,
  groups: [
    {
      name: 'hello',
      exec: js(HELLO_SOURCE),
      devices: [{ name: 'stdout' }],
      ui: { x: 0, y: 0 },
    },
  ],
})

export const UPPER_OUTPUT = 'swift://~/results/upper.txt'

const upperJob = (): JobDocument => ({
  version: 1,
  groups: [
    {
      name: 'upper',
      exec: js("const text = zerolab.read('stdin')\nzerolab.write('stdout', text.toUpperCase())\n"),
      devices: [{ name: 'stdin', path: 'swift://~/wordcount-data/doc-1.txt' }, { name: 'stdout' }],
      ui: { x: 0, y: 0 },
    },
  ],
})

const pipeJob = (): JobDocument => ({
  version: 1,
  groups: [
    {
      name: 'split',
      count: 3,
      exec: js(
        "// Each of the 3 instances sends the square of its number to sum.\nconst n = Number(zerolab.name.split('-')[1])\nzerolab.write('out/sum', String(n * n))\n",
      ),
      connect: ['sum'],
      ui: { x: 0, y: 0 },
    },
    {
      name: 'sum',
      exec: js(
        "let total = 0\nfor (const peer of zerolab.list('in')) {\n  total += Number(zerolab.read('in/' + peer))\n}\nconsole.log('sum of squares:', total)\n",
      ),
      devices: [{ name: 'stdout' }],
      ui: { x: 300, y: 0 },
    },
  ],
})

/** The stage you added in lesson 3 (anything but split and sum). */
const addedStage = (c: LessonContext): GroupDoc | undefined =>
  c.job.groups.find((g) => g.name !== 'split' && g.name !== 'sum')

const mapReduce: Check = (c) => {
  const run = okRun(c, 'cluster')!
  const maps = run.order.filter((n) => run.instances[n]!.group === 'map').length
  return maps >= 2
    ? null
    : 'The run had fewer than two map instances: keep the wildcard path of map’s input.'
}

export const LESSONS: Lesson[] = [
  {
    id: 'first-stage',
    title: '1. Your first stage',
    summary: 'One node, one program, its output.',
    steps: [
      {
        title: 'Run a job with one stage',
        body: [
          'A job is a graph of stages. This one has a single stage, `hello`: a few lines of JavaScript that run in a WebAssembly sandbox, here in your browser.',
          'Press ▶ Run (or `Ctrl+Enter`). The results appear on the right of the code: select the `hello` instance to read what it wrote to stdout.',
        ],
        job: helloJob,
        check: (c) => ranOk(c),
      },
      {
        title: 'Change the code, pass arguments',
        body: [
          'Edit the code under the graph: change the greeting to your own words. `console.log` writes to stdout; `zerolab.write(channel, text)` writes to any channel.',
          'Then type `-n 3` into Arguments in the inspector on the right and run again: arguments arrive in `zerolab.args`, after the stage name.',
        ],
        check: all(
          (c) =>
            group(c, 'hello')?.exec.source === HELLO_SOURCE
              ? 'Change the code first: it still prints the lesson’s greeting.'
              : null,
          (c) => {
            const args = group(c, 'hello')?.exec.args
            const text = Array.isArray(args) ? args.join(' ') : (args ?? '').trim()
            if (text === '-n 3') return null
            return text
              ? `Arguments are \`${text}\`; this step asks for \`-n 3\` (a space between -n and 3).`
              : 'Type `-n 3` into Arguments (select the hello node; the field is in the inspector on the right).'
          },
          (c) => ranOk(c),
        ),
      },
      {
        title: 'Same input, same output',
        body: [
          'Sandboxes are deterministic: `Math.random()` is seeded from the job seed and `Date.now()` reads a fixed epoch. Run again without changing anything.',
          'The results summary compares the output ETags (MD5s) with the run before: `same ETags as last run ✓`.',
        ],
        check: all(
          (c) => ranOk(c),
          (c) =>
            c.determinism?.kind === 'same'
              ? null
              : 'Run once more without changing the job: the summary then compares two runs.',
        ),
      },
    ],
  },
  {
    id: 'objects',
    title: '2. Reading and writing objects',
    summary: 'Devices bind channels to objects in the store.',
    steps: [
      {
        title: 'stdin from an object',
        body: [
          'Devices connect a stage to data. Here `stdin` is bound to `swift://~/wordcount-data/doc-1.txt`: an object in your account (`~`), container `wordcount-data`.',
          'Browse the store in the Data panel on the left (drop files there to upload your own). Run the job: the stage reads the document and shouts it back.',
        ],
        job: upperJob,
        check: (c) => ranOk(c),
      },
      {
        title: 'Write an object',
        body: [
          'Select `upper` and press `+ device` in the inspector: a device named `output` appears. Set its path to `swift://~/results/upper.txt`.',
          "In the code, add `zerolab.write('output', text.toUpperCase())` and run. Outputs are committed only when the stage succeeds, so a failed run never leaves half an object behind.",
        ],
        check: all(
          (c) => {
            const devices = groupDevices(group(c, 'upper') ?? { name: '', exec: {} })
            const names = devices.map(deviceName)
            const twice = names.find((n, i) => names.indexOf(n) !== i)
            if (twice)
              return `Two devices are named \`${twice}\`: rename the new one to \`output\`.`
            const out = devices.find((d) => deviceName(d) === 'output')
            if (!out) return 'Add a device named `output` (`+ device` in the inspector of `upper`).'
            if (out.path !== UPPER_OUTPUT)
              return out.path
                ? `The output’s path is \`${out.path}\`; set it to \`${UPPER_OUTPUT}\`.`
                : `Give the output device the path \`${UPPER_OUTPUT}\`.`
            return null
          },
          (c) =>
            /write\(\s*['"`]output['"`]/.test(group(c, 'upper')?.exec.source ?? '')
              ? null
              : "The code does not write to it yet: add `zerolab.write('output', text.toUpperCase())`.",
          (c) => ranOk(c),
          (c) => {
            const run = okRun(c)!
            const wrote = run.order.some((n) =>
              run.instances[n]!.outputs?.some((o) => o.path?.endsWith('/results/upper.txt')),
            )
            return wrote ? null : 'The run wrote nothing to results/upper.txt: check the code.'
          },
        ),
      },
    ],
  },
  {
    id: 'pipes',
    title: '3. Stages that talk',
    summary: 'count, connect and pipes between instances.',
    steps: [
      {
        title: 'Fan-out with count',
        body: [
          '`split` has `count: 3`: the node shows `×3` and the job runs three instances, `split-1` … `split-3`.',
          'The edge from `split` to `sum` is a `connect`: every split instance gets a pipe `/dev/out/sum`, and `sum` reads each peer from `/dev/in/<peer>`. Run it.',
        ],
        job: pipeJob,
        check: all(
          (c) => ranOk(c),
          (c) =>
            stdoutOf(okRun(c)!, 'sum').includes('sum of squares: 14')
              ? null
              : '`sum` should print `sum of squares: 14`: did the code change?',
        ),
      },
      {
        title: 'Draw your own edge',
        body: [
          'Drag a JavaScript stage from the palette onto the canvas. Then drag from the right handle of `sum` to the left handle of the new stage: `sum` now sends to it.',
          'The Job JSON tab shows the new `connect` entry on `sum`.',
        ],
        check: (c) => {
          const added = addedStage(c)
          if (!added) return 'Drag a JavaScript stage from the palette onto the canvas first.'
          if (group(c, 'sum')?.connect?.includes(added.name)) return null
          const from = c.job.groups.find((g) => g.connect?.includes(added.name))
          if (from)
            return `The edge starts at \`${from.name}\`: draw it from \`sum\`’s right handle.`
          if (added.connect?.length)
            return `That edge goes from \`${added.name}\` to \`${added.connect[0]}\`; draw it the other way: from \`sum\`’s right handle to \`${added.name}\`’s left one.`
          return `Connect \`sum\` to \`${added.name}\`: drag from \`sum\`’s right handle to \`${added.name}\`.`
        },
      },
      {
        title: 'Send something over it',
        body: [
          "Make `sum` send its total: add `zerolab.write('out/' + NAME, String(total))` to its code, with NAME the new stage's name in quotes.",
          "Give the new stage code that prints what arrives: `console.log('total: ' + zerolab.read('in/sum'))`. Run.",
        ],
        check: all(
          (c) => ranOk(c),
          (c) => {
            const added = addedStage(c)
            if (!added) return 'The stage you added is gone: go back one step.'
            return stdoutOf(okRun(c)!, added.name).includes('14')
              ? null
              : `\`${added.name}\` did not print the total (14): check both programs.`
          },
        ),
      },
    ],
  },
  {
    id: 'map-reduce',
    title: '4. Map-reduce on the cluster',
    summary: 'A wildcard map over many objects, a reduce, run next to the data.',
    steps: [
      {
        title: 'One instance per object',
        body: [
          'The word count maps over `swift://~/wordcount-data/*.txt`: one map instance per matching object (the node shows `* per object`). Every mapper pipes its count to the reducer.',
          'Run it here first: the same sandbox runs in Web Workers over the browser’s own store.',
        ],
        example: 'wordcount',
        check: (c) => ranOk(c, 'local'),
      },
      {
        title: 'Sign in to the server',
        body: [
          'Press Sign in… at the top right and enter your account, user and key (your instructor has them; on your own `pnpm start` server: `admin`, `admin`, `admin`).',
        ],
        check: (c) => (c.signedIn ? null : 'Press Sign in… at the top right first.'),
      },
      {
        title: 'Run it on the cluster',
        body: [
          'Press ☁ Run on cluster. The job goes to the server, which runs each mapper next to its object; the nodes show live progress.',
          'When it ends, the summary compares the output ETags with your run in the browser: the same bytes, computed in two places. Share the job with the Share button if you like.',
        ],
        check: all(
          (c) => (c.signedIn ? null : 'Sign in first (previous step).'),
          (c) => ranOk(c, 'cluster'),
          mapReduce,
        ),
      },
    ],
  },
]
