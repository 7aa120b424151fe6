import { isCompiledLang } from '@zerolab/shared'
import { updateJob, useJob, useSelected } from '../../state/appStore.ts'
import { C_STARTER, mapGroup, nodeImage } from '../graph/index.ts'
import { CStageEditor } from './CStageEditor.tsx'
import { LazyEditor } from './LazyEditor.tsx'

const STARTER = "const text = zerolab.read('stdin')\nzerolab.write('stdout', text)\n"

/** The selected stage's inline program in Monaco. */
export function CodeTab() {
  const job = useJob()
  const selected = useSelected()
  const group = job.groups.find((g) => g.name === selected)
  if (!group) {
    return <p className="editor-fallback">Select a stage on the canvas to edit its code.</p>
  }
  const name = group.name
  if (group.exec.source === undefined || group.exec.encoding === 'base64') {
    return (
      <div className="editor-fallback">
        <p>
          <strong>{name}</strong> runs <code>{group.exec.path ?? '(no program)'}</code>
          {group.exec.encoding === 'base64' ? ' (inline binary)' : ''}.
        </p>
        <button
          type="button"
          onClick={() =>
            updateJob((j) =>
              mapGroup(j, name, (g) => ({
                ...g,
                exec: { ...g.exec, image: 'js', lang: 'js', source: STARTER, encoding: undefined },
              })),
            )
          }
        >
          Write it as inline JavaScript instead
        </button>{' '}
        <button
          type="button"
          onClick={() =>
            updateJob((j) =>
              mapGroup(j, name, (g) => {
                const { path: _path, encoding: _encoding, ...exec } = g.exec
                return { ...g, exec: { ...exec, image: 'wasm', lang: 'c', source: C_STARTER } }
              }),
            )
          }
        >
          Write it in C instead
        </button>
      </div>
    )
  }
  const onChange = (source: string): void =>
    updateJob(
      (j) => mapGroup(j, name, (g) => ({ ...g, exec: { ...g.exec, source } })),
      `${name}.source`,
    )
  if (isCompiledLang(group.exec.lang)) {
    return (
      <CStageEditor
        key={name}
        name={name}
        lang={group.exec.lang}
        source={group.exec.source}
        onChange={onChange}
      />
    )
  }
  const image = nodeImage(group)
  if (image === 'python') {
    return (
      <LazyEditor
        uri={`file:///stages/${encodeURIComponent(name)}.py`}
        language="python"
        value={group.exec.source}
        label={`Code of ${name}`}
        onChange={onChange}
      />
    )
  }
  const ts = image === 'ts'
  return (
    <LazyEditor
      uri={`file:///stages/${encodeURIComponent(name)}.${ts ? 'ts' : 'js'}`}
      language={ts ? 'typescript' : 'javascript'}
      value={group.exec.source}
      label={`Code of ${name}`}
      onChange={onChange}
    />
  )
}
