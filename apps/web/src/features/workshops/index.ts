export { JoinWorkshopDialog } from './JoinWorkshopDialog.tsx'
export { WorkshopsDialog } from './WorkshopsDialog.tsx'
export { workshopFromUrl } from './workshopApi.ts'
