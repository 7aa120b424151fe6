import { parseArgs } from 'node:util'
import { DirStore } from '@zerolab/runtime/node'
import { seedExamples } from '@zerolab/examples/seed'

/** `zerolab seed --store <dir> [--account demo] [--docs 8]`. */
export async function seedCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      store: { type: 'string', default: './store' },
      account: { type: 'string', default: 'demo' },
      docs: { type: 'string', default: '8' },
    },
    strict: true,
  })
  const n = await seedExamples(new DirStore(values.store), {
    account: values.account,
    docs: Number(values.docs),
  })
  process.stderr.write(`seeded ${n} objects into ${values.store}/${values.account}\n`)
  return 0
}
