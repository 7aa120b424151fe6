import { DEFAULT_EPOCH_MS } from '@zerolab/shared'
import { updateJob, useJob } from '../../state/appStore.ts'
import { withField } from './groupFields.ts'

/** Shown when no stage is selected: the job-level fields. */
export function JobSettings() {
  const job = useJob()
  return (
    <section className="inspector" aria-label="Job settings">
      <h2>Job</h2>
      <p className="muted">
        {job.groups.length} stage{job.groups.length === 1 ? '' : 's'}. Select a stage to edit it,
        drag one from the palette, or connect two by dragging from a node&apos;s right handle.
      </p>
      <label className="field">
        <span>Seed (random numbers are seeded from it)</span>
        <input
          aria-label="Seed"
          value={job.seed ?? ''}
          placeholder="zerolab"
          onChange={(e) => updateJob((j) => withField(j, 'seed', e.target.value), 'seed')}
        />
      </label>
      <label className="field">
        <span>Epoch (what the clock reads)</span>
        <input
          aria-label="Epoch"
          value={job.epoch === undefined ? '' : String(job.epoch)}
          placeholder={new Date(DEFAULT_EPOCH_MS).toISOString().replace('.000', '')}
          onChange={(e) => updateJob((j) => withField(j, 'epoch', e.target.value), 'epoch')}
        />
      </label>
    </section>
  )
}
