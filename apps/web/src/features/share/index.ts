export { createShare, loadSharedJob } from './shareActions.ts'
