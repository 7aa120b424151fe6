// Job engine, object stores and spools (job-engine owner; other owners append their exports).
export * from './engine/index.ts'
