import { describe, expect, it } from 'vitest'
import { LESSONS } from '../lessons/index.ts'
import { lessonContainers } from './lessonContainers.ts'

const lesson = (id: string) => LESSONS.find((l) => l.id === id)!

describe('lessonContainers', () => {
  it('offers the lesson data for reading and its output container for writing', async () => {
    expect(await lessonContainers(lesson('map-reduce'))).toEqual({
      read: ['wordcount-data'],
      write: [],
    })
    expect(await lessonContainers(lesson('objects'))).toEqual({
      read: ['wordcount-data'],
      write: ['results'],
    })
  })
})
