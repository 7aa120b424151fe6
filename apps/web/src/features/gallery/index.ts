export { GalleryDialog, openExample } from './GalleryDialog.tsx'
export { listExamples, loadExample } from './exampleJobs.ts'
