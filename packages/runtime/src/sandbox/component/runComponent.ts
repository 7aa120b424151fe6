import { ZeroLabError } from '@zerolab/shared'
import type { RunImage } from '../image.ts'

export const runComponent: RunImage = () => {
  throw new ZeroLabError('UNSUPPORTED', 'component image not built yet')
}
