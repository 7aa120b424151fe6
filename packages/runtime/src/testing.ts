// Test helpers other packages share (imported by test files only; pulls in vitest).
export { objectStoreContract } from './testing/objectStoreContract.ts'
