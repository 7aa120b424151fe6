export { RunToolbar } from './RunToolbar.tsx'
export { useRunner, type Runner, type RunTarget } from './useRunner.ts'
