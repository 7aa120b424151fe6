import type { RunView } from '../runs/index.ts'

const LANG = { c: 'C', cpp: 'C++' } as const

/**
 * The compiled stages of a run: language, module MD5 (equal locally and on the cluster for the
 * same source) and whether it compiled now or came from a cache; or that it did not compile.
 */
export function ProgramsLine({ run }: { run: RunView }) {
  const compiled = (run.programs ?? []).filter((p) => p.compile)
  if (compiled.length === 0) return null
  return (
    <div className="zl-programs" data-testid="programs">
      {compiled.map((p) => {
        const c = p.compile!
        return (
          <span
            key={p.group}
            className={c.ok ? 'muted' : 'error-text'}
            data-testid={`program-${p.group}`}
            data-hash={p.hash ?? ''}
            title={c.ok ? `module md5 ${p.hash}; cache key ${c.key}` : c.log}
          >
            {p.group}: {LANG[c.lang]} →{' '}
            {c.ok
              ? `wasm md5 ${p.hash!.slice(0, 12)} (${c.cached ? 'cached' : `compiled in ${(c.ms / 1000).toFixed(2)} s`})`
              : 'did not compile'}
          </span>
        )
      })}
    </div>
  )
}
