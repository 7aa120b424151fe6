import { DEFAULT_LIMITS } from '@zerolab/shared'
import { useEffect, useState } from 'react'
import { notify, selectNode, updateJob, useJob, useSelected } from '../../state/appStore.ts'
import { deviceName, groupDevices, type DeviceDoc, type GroupDoc } from '../../state/jobDocument.ts'
import { mapGroup, removeGroups, renameGroup, nodeImage } from '../graph/index.ts'
import {
  argsToText,
  envToText,
  newDevice,
  numberOrUndefined,
  setDevices,
  setLimit,
  textToEnv,
  withField,
} from './groupFields.ts'
import { JobSettings } from './JobSettings.tsx'

export function Inspector() {
  const job = useJob()
  const selected = useSelected()
  const group = job.groups.find((g) => g.name === selected)
  if (!group) return <JobSettings />
  return <GroupInspector key={group.name} group={group} />
}

function GroupInspector({ group }: { group: GroupDoc }) {
  const name = group.name
  const edit = (fn: (g: GroupDoc) => GroupDoc, field: string): void =>
    updateJob((j) => mapGroup(j, name, fn), `${name}.${field}`)
  const devices = groupDevices(group)
  const image = nodeImage(group)

  return (
    <section className="inspector" aria-label="Inspector">
      <h2>Stage</h2>
      <RenameField name={name} />
      <div className="field-row">
        <label className="field">
          <span>Image</span>
          <select
            aria-label="Image"
            value={group.exec.image ?? ''}
            onChange={(e) =>
              edit(
                (g) => ({
                  ...g,
                  exec: withField(
                    g.exec,
                    'image',
                    (e.target.value || undefined) as GroupDoc['exec']['image'],
                  ),
                }),
                'image',
              )
            }
          >
            <option value="">infer ({image})</option>
            <option value="js">js</option>
            <option value="python">python</option>
            <option value="wasm">wasm</option>
            <option value="component">component</option>
          </select>
        </label>
        <label className="field">
          <span>Instances (count)</span>
          <input
            aria-label="Count"
            type="number"
            min={1}
            value={group.count ?? ''}
            placeholder="1"
            onChange={(e) =>
              edit((g) => withField(g, 'count', numberOrUndefined(e.target.value)), 'count')
            }
          />
        </label>
      </div>
      {group.exec.source === undefined && (
        <label className="field">
          <span>Program path</span>
          <input
            aria-label="Program path"
            value={group.exec.path ?? ''}
            placeholder="swift://~/apps/prog.wasm"
            onChange={(e) =>
              edit((g) => ({ ...g, exec: withField(g.exec, 'path', e.target.value) }), 'path')
            }
          />
        </label>
      )}
      <label className="field">
        <span>Arguments</span>
        <input
          aria-label="Arguments"
          value={argsToText(group.exec.args)}
          placeholder="none (e.g. -n 3)"
          onChange={(e) =>
            edit((g) => ({ ...g, exec: withField(g.exec, 'args', e.target.value) }), 'args')
          }
        />
      </label>
      <TextField
        label="Environment (KEY=value per line)"
        value={envToText(group.exec.env)}
        onCommit={(text) =>
          edit((g) => ({ ...g, exec: withField(g.exec, 'env', textToEnv(text)) }), 'env')
        }
      />
      <h2>Devices</h2>
      {devices.map((d, i) => (
        <DeviceRow
          key={i}
          device={d}
          onChange={(next) =>
            edit(
              (g) =>
                setDevices(
                  g,
                  groupDevices(g).map((x, j) => (j === i ? next : x)),
                ),
              `device.${i}`,
            )
          }
          onRemove={() =>
            edit(
              (g) =>
                setDevices(
                  g,
                  groupDevices(g).filter((_, j) => j !== i),
                ),
              `device-rm`,
            )
          }
        />
      ))}
      <button
        type="button"
        onClick={() =>
          edit((g) => setDevices(g, [...groupDevices(g), newDevice(groupDevices(g))]), 'device-add')
        }
      >
        + device
      </button>
      <h2 style={{ marginTop: 14 }}>Limits</h2>
      <div className="field-row">
        <LimitField
          label="Timeout ms"
          fallback={DEFAULT_LIMITS.timeoutMs}
          value={group.limits?.timeoutMs}
          onChange={(t) => edit((g) => setLimit(g, 'timeoutMs', t), 'timeout')}
        />
        <LimitField
          label="Memory MB"
          fallback={DEFAULT_LIMITS.memoryBytes / 2 ** 20}
          value={group.limits?.memoryMb}
          onChange={(t) => edit((g) => setLimit(g, 'memoryMb', t), 'memory')}
        />
      </div>
      <LimitField
        label="Max output bytes"
        fallback={DEFAULT_LIMITS.maxOutputBytes}
        value={group.limits?.maxOutputBytes}
        onChange={(t) => edit((g) => setLimit(g, 'maxOutputBytes', t), 'output')}
      />
      <p className="muted">
        Sends to: {group.connect?.length ? group.connect.join(', ') : 'nothing'}
      </p>
      <button
        type="button"
        data-testid="delete-node"
        onClick={() => {
          updateJob((j) => removeGroups(j, [name]))
          selectNode(null)
        }}
      >
        Delete stage
      </button>
    </section>
  )
}

function RenameField({ name }: { name: string }) {
  const [draft, setDraft] = useState(name)
  const [problem, setProblem] = useState<string | null>(null)
  useEffect(() => setDraft(name), [name])
  const commit = (): void => {
    if (draft === name) return
    try {
      updateJob((j) => renameGroup(j, name, draft))
      selectNode(draft)
      setProblem(null)
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e))
      notify(e instanceof Error ? e.message : String(e), 'error')
    }
  }
  return (
    <label className="field">
      <span>Name</span>
      <input
        aria-label="Stage name"
        data-testid="node-name"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit()
          if (e.key === 'Escape') setDraft(name)
        }}
      />
      {problem && <small className="error-text">{problem}</small>}
    </label>
  )
}

function TextField({
  label,
  value,
  onCommit,
}: {
  label: string
  value: string
  onCommit: (text: string) => void
}) {
  const [draft, setDraft] = useState(value)
  useEffect(() => setDraft(value), [value])
  return (
    <label className="field">
      <span>{label}</span>
      <textarea
        aria-label={label}
        rows={2}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => onCommit(draft)}
      />
    </label>
  )
}

function LimitField(props: {
  label: string
  /** The default when the field is empty, shown as the placeholder. */
  fallback: number
  value: number | undefined
  onChange: (text: string) => void
}) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <input
        aria-label={props.label}
        type="number"
        min={0}
        value={props.value ?? ''}
        placeholder={String(props.fallback)}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  )
}

function DeviceRow(props: {
  device: DeviceDoc
  onChange: (d: DeviceDoc) => void
  onRemove: () => void
}) {
  const d = props.device
  const key = d.name === undefined && d.device !== undefined ? 'device' : 'name'
  return (
    <div className="device-row">
      <input
        aria-label="Device name"
        value={deviceName(d)}
        onChange={(e) => props.onChange({ ...d, [key]: e.target.value })}
      />
      <input
        aria-label={`Path of ${deviceName(d)}`}
        value={d.path ?? ''}
        placeholder="no path"
        onChange={(e) => props.onChange(withField(d, 'path', e.target.value))}
      />
      <button type="button" aria-label={`Remove device ${deviceName(d)}`} onClick={props.onRemove}>
        ×
      </button>
    </div>
  )
}
