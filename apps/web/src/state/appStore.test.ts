import { beforeEach, describe, expect, it } from 'vitest'
import {
  appStore,
  backTo,
  getJob,
  getSnapshot,
  openJob,
  redoJob,
  undoJob,
  updateJob,
} from './appStore.ts'
import type { JobDocument } from './jobDocument.ts'

const job = (name: string): JobDocument => ({
  version: 1,
  groups: [{ name, exec: { source: 'x' } }],
})

beforeEach(() => openJob(job('start'), 'start', { initial: true }))

describe('app store: opening a job is undoable', () => {
  it('Ctrl+Z after opening an example brings the edited job back, with its title', () => {
    updateJob((j) => ({ ...j, seed: 'edited' }))
    const mine = getSnapshot()
    openJob(job('example'), 'wordcount example')
    expect(getSnapshot().title).toBe('wordcount example')
    expect(getSnapshot().draftId).not.toBe(mine.draftId)
    expect(appStore.get().notice?.action?.label).toBe('Undo')
    undoJob()
    expect(getJob()).toBe(mine.job)
    expect(getSnapshot().title).toBe('start')
    expect(appStore.get().selected).toBe('start')
    redoJob()
    expect(getSnapshot().title).toBe('wordcount example')
  })

  it("the notice's Undo goes back to the replaced job even after edits", () => {
    const start = getSnapshot()
    openJob(job('other'), 'other')
    const undoOpen = appStore.get().notice!.action!.run
    updateJob((j) => ({ ...j, seed: 'a' }))
    updateJob((j) => ({ ...j, seed: 'b' }))
    undoOpen()
    expect(getSnapshot().draftId).toBe(start.draftId)
    backTo('no-such-draft') // unknown: nothing happens
    expect(getSnapshot().draftId).toBe(start.draftId)
  })

  it('an edit keeps the draft id and title; the first job of a page has no undo step', () => {
    const before = getSnapshot()
    updateJob((j) => ({ ...j, seed: 's' }))
    expect(getSnapshot()).toMatchObject({ draftId: before.draftId, title: 'start' })
    expect(getSnapshot().opened).toBe(before.opened)
    expect(appStore.get().history.past).toHaveLength(1)
    openJob(job('x'), 'x', { initial: true })
    expect(appStore.get().history.past).toHaveLength(0)
  })
})
