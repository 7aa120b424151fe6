/** Guided lessons as data: from a one-node job to a map-reduce on the cluster. */
import type { JobDocument } from '../../state/jobDocument.ts'

export interface LessonStep {
  title: string
  /** Paragraphs; `backticks` render as code. */
  body: string[]
  /** A job this step opens (a fresh copy each time), or an example by id. */
  job?: () => JobDocument
  example?: string
}

export interface Lesson {
  id: string
  title: string
  summary: string
  steps: LessonStep[]
}

const js = (source: string) => ({ image: 'js' as const, source })

const helloJob = (): JobDocument => ({
  version: 1,
  groups: [
    {
      name: 'hello',
      exec: js(
        "console.log('hello from ' + zerolab.name)\nzerolab.write('stdout', 'args: ' + zerolab.args.join(' ') + '\\n')\n",
      ),
      devices: [{ name: 'stdout' }],
      ui: { x: 0, y: 0 },
    },
  ],
})

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
        "// Each of the 3 instances sends one number to every reducer.\nconst n = Number(zerolab.name.split('-')[1])\nzerolab.write('out/sum', String(n * n))\n",
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

export const LESSONS: Lesson[] = [
  {
    id: 'first-stage',
    title: '1. Your first stage',
    summary: 'One node, one program, its output.',
    steps: [
      {
        title: 'A job with one stage',
        body: [
          'A job is a graph of stages. This one has a single stage, `hello`, running a few lines of JavaScript in a WebAssembly sandbox.',
          'Press Run (or `Ctrl+Enter`) and open the Results tab: you see what the stage wrote to `stdout`.',
        ],
        job: helloJob,
      },
      {
        title: 'Change the code',
        body: [
          'Select the node and edit its code in the Code tab. `console.log` writes to stdout; `zerolab.write(channel, text)` writes to any channel.',
          'Add arguments in the inspector on the right (e.g. `-n 3`) and run again: they arrive in `zerolab.args`.',
        ],
      },
      {
        title: 'Same input, same output',
        body: [
          'Sandboxes are deterministic: `Math.random()` is seeded from the job seed and `Date.now()` reads a fixed epoch. Run twice and compare: the ETags in Results stay the same.',
        ],
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
          'Devices connect a stage to data. Here `stdin` is bound to `swift://~/wordcount-data/doc-1.txt` — an object in your account (`~`), container `wordcount-data`.',
          'Browse the store in the Data panel on the left; drop files there to upload your own. Run the job: the stage reads the document and shouts it back.',
        ],
        job: upperJob,
      },
      {
        title: 'Write an object',
        body: [
          "Add a device named `output` with a path such as `swift://~/results/upper.txt` in the inspector, and in the code write to it with `zerolab.write('output', …)`.",
          'Outputs are committed only when the stage succeeds, so a failed run never leaves half an object behind.',
        ],
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
          'The edge from `split` to `sum` is a `connect`: every split instance gets a pipe `/dev/out/sum`, and `sum` reads each peer from `/dev/in/<peer>`.',
        ],
        job: pipeJob,
      },
      {
        title: 'Draw your own edge',
        body: [
          'Drag a JavaScript stage from the palette onto the canvas, then drag from the right handle of `split` to the new node. The JSON tab shows the new `connect` entry.',
        ],
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
          'The word-count example maps over `swift://~/wordcount-data/*.txt`: one map instance per matching object (the node shows `* per object`). Every mapper pipes its counts to the reducer.',
        ],
        example: 'wordcount',
      },
      {
        title: 'Run it locally',
        body: [
          'Run it here in the browser first: the same sandbox runs in Web Workers over the browser store.',
        ],
      },
      {
        title: 'Run it on the cluster',
        body: [
          'Sign in to the server in the run toolbar and choose On cluster. The job is submitted, and each node shows live progress as its instances start and finish next to the data.',
          'Finally press Share to hand the whole job — graph, code and data references — to someone else.',
        ],
      },
    ],
  },
]
