export { GalleryDialog, openExample } from './GalleryDialog.tsx'
export { listExamples } from './exampleJobs.ts'
