import { ZeroLabError } from '@zerolab/shared'
import type { RunImage } from '../image.ts'

export const runJs: RunImage = () => {
  throw new ZeroLabError('UNSUPPORTED', 'js image not built yet')
}
